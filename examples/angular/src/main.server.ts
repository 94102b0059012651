// The app on the server platform, for server-side rendering. rx-websocket/angular opens no socket there, so the
// page renders its initial state ("not joined") and the app becomes stable at once.
import { type ApplicationRef, mergeApplicationConfig } from '@angular/core';
import { type BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import { provideServerRendering, RenderMode, withRoutes } from '@angular/ssr';
import { appConfig } from './app.config';
import { ChatComponent } from './chat.component';

const serverConfig = mergeApplicationConfig(appConfig, {
  providers: [provideServerRendering(withRoutes([{ path: '**', renderMode: RenderMode.Server }]))],
});

/**
 * Bootstraps the app for one server render (what Angular's SSR engine calls).
 *
 * @param context - the render's platform, from the SSR engine.
 * @returns the application.
 */
export default function bootstrap(context: BootstrapContext): Promise<ApplicationRef> {
  return bootstrapApplication(ChatComponent, serverConfig, context);
}
