// The ceiling of HTTP + JSON on this machine: Fastify parsing and validating the same pay body
// (the same TypeBox schema UniPay uses, from the build) and answering a fixed JSON, no logging,
// no database. Plain JavaScript, so it runs as UniPay does under `npm start`: compiled, no loader.
import Fastify from 'fastify';
import { Compile } from 'typebox/compile';
import { PayBody } from '../../dist/api/unipay/schemas.js';

const app = Fastify({ logger: false });
app.setValidatorCompiler(({ schema }) => {
  const check = Compile(schema);
  return (value) => (check.Check(value) ? { value } : { error: new Error('invalid') });
});
const answer = '{"code":0,"msg":"success","data":{"status":"wait"}}';
app.post('/unipay/pay', { schema: { body: PayBody } }, async (_req, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8');
  return answer;
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`Server listening at ${address}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
