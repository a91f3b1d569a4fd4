import { AUTH_TAG, authorizedRun, clientScenario, describeAsRequest, endOf, that } from '#api';

/**
 * The authorization server's metadata has no code_challenge_methods_supported: it does not say it
 * supports PKCE, and the client must refuse to go on (no authorization request).
 */
export default clientScenario({
  title: 'A client refuses an authorization server whose metadata does not advertise PKCE',
  role: 'client',
  transports: ['streamable-http'],
  tags: [AUTH_TAG],
  checks: {
    refuses: 'authorization/client-refuses-without-pkce-support',
  },
  async run(t) {
    const run = await authorizedRun(t, 'auth/pkce-not-advertised', { server: { codeChallengeMethodsAdvertised: null }, protection: { prmAt: ['path'], challengeNamesPrm: true } });
    if (!run.asRequests.some((r) => r.endpoint === 'metadata')) return t.blocked(`the client never read the authorization server's metadata (${endOf(run)})`);
    t.check('refuses', that(run.authorizations.length === 0, 'no authorization request to a server without code_challenge_methods_supported', run.authorizations.map(describeAsRequest)));
  },
});
