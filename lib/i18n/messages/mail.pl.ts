/** E-mails we send and the pages around them: „Nie pamiętam hasła”, the development outbox. */
export const mailPl = {
  passwordReset: {
    forgot: 'Nie pamiętam hasła',
    title: 'Nie pamiętasz hasła?',
    intro: 'Podaj e-mail, którym logujesz się do aplikacji. Wyślemy na niego link do ustawienia nowego hasła (ważny 60 minut, działa raz).',
    send: 'Wyślij link',
    sent: 'Jeśli konto z tym adresem istnieje, wysłaliśmy na niego link do ustawienia nowego hasła. Sprawdź skrzynkę (także folder spam). Link jest ważny 60 minut.',
    backToLogin: 'Wróć do logowania',
    newTitle: 'Ustaw nowe hasło',
    newPassword: 'Nowe hasło',
    save: 'Zapisz nowe hasło',
    invalidLink: 'Ten link nie działa: był już użyty, wygasł albo zastąpił go nowszy. Poproś o nowy link.',
    requestNew: 'Poproś o nowy link',
    done: 'Hasło zmienione. Wylogowaliśmy wszystkie urządzenia — zaloguj się nowym hasłem.',
    mailUnavailable: 'Nie udało się teraz wysłać wiadomości. Spróbuj ponownie za kilka minut.',
  },
  emails: {
    signature: 'Zespół KSeF Faktury',
    passwordReset: {
      subject: 'Ustaw nowe hasło w KSeF Faktury',
      body: 'Dzień dobry,\n\nktoś (być może Ty) poprosił o ustawienie nowego hasła do konta {email} w KSeF Faktury. Aby to zrobić, otwórz link:\n\n{link}\n\nLink jest ważny do {expires} (czasu polskiego) i działa tylko raz. Jeśli to nie Ty, zignoruj tę wiadomość: hasło się nie zmieni.',
    },
    invitation: {
      subject: 'Zaproszenie do firmy {company} w KSeF Faktury',
      body: 'Dzień dobry,\n\n{inviter} zaprasza Cię do firmy {company} (NIP {nip}) w KSeF Faktury z rolą: {role}. Aby dołączyć, otwórz link:\n\n{link}\n\nLink jest ważny do {expires} (czasu polskiego) i działa tylko raz.',
    },
  },
  devOutbox: {
    title: 'Wysłane e-maile (środowisko deweloperskie)',
    intro: 'Ta instalacja nie wysyła poczty na zewnątrz: lokalny serwer SMTP zatrzymuje każdą wiadomość, a tutaj możesz ją przeczytać. W produkcji tej strony nie ma.',
    empty: 'Nic jeszcze nie wysłano.',
    received: 'Odebrano',
    to: 'Do',
    subject: 'Temat',
    attachments: 'Załączniki',
    back: 'Wszystkie wiadomości',
  },
};
