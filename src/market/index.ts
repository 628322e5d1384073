// Market's public entry: what the top of the application may use (lint: nothing else of market/ may
// be imported from outside it).
export { marketModule } from './market.module.js';
