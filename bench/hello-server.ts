import Fastify from 'fastify';

/**
 * The framework's own floor: Fastify 5 as it comes (no logger, no hooks), answering the check-in
 * route with the same fixed JSON as the bare server. Between it and the bare server lies what the
 * framework costs; between it and Seatpost, what Seatpost adds. Prints `listening <port>`.
 */
const app = Fastify();
app.post('/v1/device/check-in', async () => ({ deliveries: [] }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`listening ${(app.server.address() as { port: number }).port}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
