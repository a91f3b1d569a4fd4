import { judgePkce, onAuthorizationServer, scenario } from '#api';

export default scenario({
  title: 'The token endpoint refuses a wrong or missing PKCE code_verifier',
  role: 'server',
  checks: {
    'wrong-verifier-refused': 'authorization-server/enforces-pkce',
    'missing-verifier-refused': 'authorization-server/enforces-pkce',
  },
  async run(t) {
    await onAuthorizationServer(t, (probe) => judgePkce(t, probe));
  },
});
