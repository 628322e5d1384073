// The drill's S3-compatible store: s3rver (the project's test S3 server) on loopback, plain HTTP;
// haproxy in front of it terminates TLS. Usage: node --openssl-legacy-provider s3-store.mjs <dir> <port> <bucket>
// (s3rver signs its list continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.)
import S3rver from 's3rver';

const [directory, port, bucket] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: true, configureBuckets: [{ name: bucket }] });
server.run().then(
  () => console.log(`s3rver listening on 127.0.0.1:${port}`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
