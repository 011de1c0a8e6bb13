-- Failed sign-ins per account and per client address (lib/server/auth/login-throttle.ts)
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "windowStartedAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);
