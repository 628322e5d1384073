#!/usr/bin/env node
// The `lectern` command runs the compiled CLI (`npm run build` first).
import('../dist/src/cli/index.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli')) {
    console.error('lectern: not built yet. Run `npm run build` first.');
    process.exit(1);
  }
  throw error;
});
