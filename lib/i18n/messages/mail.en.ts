import type { MailMessages } from './mail.types';

export const mailEn: MailMessages = {
  passwordReset: {
    forgot: 'Forgot your password?',
    title: 'Forgot your password?',
    intro: 'Enter the e-mail you sign in with. We will send it a link to set a new password (valid for 60 minutes, works once).',
    send: 'Send the link',
    sent: 'If an account with this address exists, we have sent it a link to set a new password. Check your inbox (and the spam folder). The link is valid for 60 minutes.',
    backToLogin: 'Back to sign-in',
    newTitle: 'Set a new password',
    newPassword: 'New password',
    save: 'Save the new password',
    invalidLink: 'This link does not work: it was used, it expired, or a newer one replaced it. Ask for a new link.',
    requestNew: 'Ask for a new link',
    done: 'Password changed. We signed out every device — sign in with the new password.',
    mailUnavailable: 'The message could not be sent right now. Try again in a few minutes.',
  },
  emails: {
    signature: 'The KSeF Faktury team',
    passwordReset: {
      subject: 'Set a new password in KSeF Faktury',
      body: 'Hello,\n\nsomeone (perhaps you) asked to set a new password for the account {email} in KSeF Faktury. To do so, open the link:\n\n{link}\n\nThe link is valid until {expires} (Polish time) and works once. If this was not you, ignore this message: your password stays as it is.',
    },
    invitation: {
      subject: 'Invitation to {company} in KSeF Faktury',
      body: 'Hello,\n\n{inviter} invites you to {company} (NIP {nip}) in KSeF Faktury with the role: {role}. To join, open the link:\n\n{link}\n\nThe link is valid until {expires} (Polish time) and works once.',
    },
  },
  devOutbox: {
    title: 'Sent e-mails (development)',
    intro: 'This installation sends no mail outside: a local SMTP server keeps every message, and you read them here. There is no such page in production.',
    empty: 'Nothing sent yet.',
    received: 'Received',
    to: 'To',
    subject: 'Subject',
    attachments: 'Attachments',
    back: 'All messages',
  },
};
