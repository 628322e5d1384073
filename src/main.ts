import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

try {
  await startServer(loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
