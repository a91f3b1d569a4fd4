import { judgeResponses, onAuthorizationServer, scenario } from '#api';

// OAuth 2.1 rules with no MCP sentence of their own: graded under the row that points at OAuth 2.1.
export default scenario({
  title: 'Authorization responses echo state; token responses are uncached, errors 400',
  role: 'server',
  checks: {
    'state-echoed': 'authorization-server/implements-oauth21',
    'token-no-store': 'authorization-server/implements-oauth21',
    'token-error-400': 'authorization-server/implements-oauth21',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgeResponses(t, probe));
  },
});
