/**
 * First run („Pierwsze kroki”) and the KSeF grant instructions shared with Ustawienia → KSeF: how an
 * owner signs in to KSeF's own application in each environment and grants our NIP.
 */
export const onboardingPl = {
  onboarding: {
    title: 'Pierwsze kroki',
    intro: 'Trzy kroki i wystawisz pierwszą fakturę w KSeF. Każdy możesz zrobić teraz albo później — postęp zapisujemy.',
    progress: 'Ukończono {done} z {total} kroków',
    done: 'Gotowe',
    todo: 'Do zrobienia',
    stepAddress: 'Adres firmy',
    stepAddressIntro: 'Adres sprzedawcy jest obowiązkowy na fakturze (FA(3)). Wpisz go tak, jak w rejestrze (CEIDG lub KRS).',
    stepKsef: 'Uprawnienia w KSeF dla naszej firmy',
    stepKsefIntro:
      'Właściciel firmy nadaje w KSeF naszemu NIP-owi uprawnienia do wystawiania i przeglądania faktur. Nie przekazujesz nam certyfikatu ani hasła, a dostęp możesz w każdej chwili cofnąć w KSeF.',
    stepKsefDone: 'KSeF potwierdził: Twoja firma jest zweryfikowana i nadała nam potrzebne uprawnienia.',
    stepKsefOwnCertificate: 'Twoja firma korzysta z własnego certyfikatu KSeF: sprawdź go w Ustawienia → KSeF.',
    stepInvoice: 'Pierwsza faktura',
    stepInvoiceIntro: 'Dodaj kontrahenta (wystarczy NIP i nazwa) i wystaw fakturę. „Wystaw i wyślij do KSeF” nada jej numer i prześle ją do KSeF.',
    stepInvoiceDone: 'Masz już wystawioną fakturę. Wszystkie znajdziesz w zakładce Faktury.',
    newInvoice: 'Wystaw pierwszą fakturę',
    newContractor: 'Dodaj kontrahenta',
    goToInvoices: 'Przejdź do faktur',
    allDone: 'Wszystko gotowe: Twoja firma wystawia faktury w KSeF przez naszą aplikację.',
    banner: 'Dokończ pierwsze kroki ({done} z {total}), aby wystawiać faktury w KSeF.',
    bannerLink: 'Pierwsze kroki',
    ownerOnly: 'Ten krok wykonuje właściciel firmy w naszej aplikacji.',
  },
  ksefApp: {
    open: 'Otwórz Aplikację Podatnika KSeF ({env})',
    signIn: {
      PROD: 'Zaloguj się jako osoba uprawniona do reprezentowania firmy: profilem zaufanym lub e-dowodem (login.gov.pl), podpisem kwalifikowanym albo pieczęcią kwalifikowaną firmy. Jednoosobową działalność reprezentuje jej właściciel; spółkę — jej pieczęć albo osoba, której nadano w KSeF zarządzanie uprawnieniami.',
      DEMO: 'Środowisko przedprodukcyjne: logujesz się tak jak w produkcyjnym (profil zaufany, e-dowód, podpis lub pieczęć kwalifikowana), ale faktury nie mają skutków prawnych.',
      TEST: 'Środowisko testowe: podpis nie musi być prawdziwy — aplikacja pozwala uwierzytelnić się dowolnym NIP-em certyfikatem testowym, który sama wygeneruje. Dane w środowisku testowym są publiczne: nie wpisuj prawdziwych danych kontrahentów.',
      EMULATOR: 'Ta instalacja łączy się z lokalnym emulatorem KSeF, nie z Ministerstwem Finansów: uprawnienia nadasz przyciskami w ramce „Symulacja KSeF”.',
    },
    step1: 'Zaloguj się w imieniu firmy w Aplikacji Podatnika KSeF albo w programie, którego już używasz do KSeF.',
  },
};
