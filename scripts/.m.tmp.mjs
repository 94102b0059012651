import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const dir = process.argv[2];
const r = await build({ stdin:{contents:`export { webSocket } from '${dir}/dist/esm/index.js';`,resolveDir:process.cwd(),loader:'js'}, bundle:true, minify:true, format:'esm', platform:'browser', target:'es2022', write:false, external:['rxjs'], logLevel:'silent'});
const c=r.outputFiles[0].contents; console.log(c.length, gzipSync(c,{level:9}).length);
