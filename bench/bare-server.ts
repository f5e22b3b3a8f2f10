import { createServer } from 'node:http';

/**
 * The baseline: a bare node:http server that reads the request and answers fixed JSON, the most
 * a Node process can answer on this machine. Prints `listening <port>`.
 */
const body = JSON.stringify({ deliveries: [] });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
