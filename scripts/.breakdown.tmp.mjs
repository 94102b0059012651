import { build } from 'esbuild';
const code = process.argv[2] ?? "export { webSocket } from './dist/esm/index.js';";
const r = await build({ stdin:{contents:code,resolveDir:process.cwd(),loader:'js'}, bundle:true, minify:true, format:'esm', platform:'browser', target:'es2022', write:false, external:['rxjs'], metafile:true, logLevel:'silent'});
const [o] = Object.values(r.metafile.outputs);
const rows = Object.entries(o.inputs).filter(([,v])=>v.bytesInOutput>0).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput);
let t=0; for (const [k,v] of rows){t+=v.bytesInOutput; console.log(String(v.bytesInOutput).padStart(6), k.replace('dist/esm/',''));}
console.log(t);
