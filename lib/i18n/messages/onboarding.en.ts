import type { OnboardingMessages } from './onboarding.types';

export const onboardingEn: OnboardingMessages = {
  onboarding: {
    title: 'Getting started',
    intro: 'Three steps and you issue your first invoice in KSeF. Do each now or later — we keep your progress.',
    progress: '{done} of {total} steps done',
    done: 'Done',
    todo: 'To do',
    stepAddress: 'Company address',
    stepAddressIntro: 'The seller’s address is required on an invoice (FA(3)). Enter it as in the register (CEIDG or KRS).',
    stepKsef: 'KSeF permissions for our company',
    stepKsefIntro:
      'The company’s owner grants our NIP, in KSeF, the permissions to issue and view invoices. You hand over no certificate or password, and you can revoke the access in KSeF at any time.',
    stepKsefDone: 'KSeF confirmed it: your company is verified and has granted us the permissions we need.',
    stepKsefOwnCertificate: 'Your company uses its own KSeF certificate: check it under Settings → KSeF.',
    stepInvoice: 'First invoice',
    stepInvoiceIntro: 'Add a contractor (a NIP and a name are enough) and issue an invoice. „Issue and send to KSeF” numbers it and sends it to KSeF.',
    stepInvoiceDone: 'You have issued an invoice. All of them are under Invoices.',
    newInvoice: 'Issue your first invoice',
    newContractor: 'Add a contractor',
    goToInvoices: 'Go to invoices',
    allDone: 'All set: your company issues invoices in KSeF through our application.',
    banner: 'Finish getting started ({done} of {total}) to issue invoices in KSeF.',
    bannerLink: 'Getting started',
    ownerOnly: 'The company’s owner does this step in our application.',
  },
  ksefApp: {
    open: 'Open the KSeF Taxpayer Application ({env})',
    signIn: {
      PROD: 'Sign in as a person who represents the company: with the trusted profile or e-ID (login.gov.pl), a qualified signature, or the company’s qualified seal. A sole trader is represented by its owner; a company by its seal or by a person granted permission management in KSeF.',
      DEMO: 'Pre-production: you sign in as in production (trusted profile, e-ID, qualified signature or seal), but invoices have no legal effect.',
      TEST: 'Test environment: the signature need not be real — the application lets you authenticate as any NIP with a test certificate it generates itself. Data in the test environment is public: do not enter real contractors.',
      EMULATOR: 'This installation talks to a local KSeF emulator, not to the Ministry of Finance: grant the permissions with the buttons under „KSeF simulation”.',
    },
    step1: 'Sign in on behalf of the company to the KSeF Taxpayer Application or to the program you already use for KSeF.',
  },
};
