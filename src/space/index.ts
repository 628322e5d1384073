// Space's public entry: what the top of the application may use (lint: nothing else of space/ may
// be imported from outside it).
export { spaceModule } from './space.module.js';
