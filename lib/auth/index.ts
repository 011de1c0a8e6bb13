import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { LoginThrottledError, verifyCredentials } from '@/lib/server/auth/verify-credentials';
import { clientIp } from '@/lib/server/auth/login-throttle';

/** Refused because of too many failures: next-auth passes `code` on to the caller. */
export class ThrottledSignin extends CredentialsSignin {
  code = 'throttled';
}
import { authConfig } from './config';

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (credentials, request) => {
        try {
          return await verifyCredentials(credentials?.email, credentials?.password, clientIp(request.headers));
        } catch (e) {
          if (e instanceof LoginThrottledError) throw new ThrottledSignin();
          throw e;
        }
      },
    }),
  ],
});
