import type { onboardingPl } from './onboarding.pl';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type OnboardingMessages = Widen<typeof onboardingPl>;
