/** Help and customer service: the header's Help, and "Contact customer service" beside a refusal. */
export const supportEn = {
  help: 'Help',
  helpTitle: 'Help',
  close: 'Close',
  contact: 'Contact customer service',
  intro: 'Questions about your subscriptions or devices? Customer service is happy to help.',
  writeTo: 'Write to {{address}}',
  openPage: 'Open the customer service page',
  getReference: 'Get a reference',
  gettingReference: 'Getting a reference…',
  referenceWhy:
    'Quote a reference when you contact us, so that we can find your account, subscription and device at once.',
  yourReference: 'Your reference',
  validUntil: 'Valid until {{date}}.',
  copy: 'Copy',
  copied: 'Copied',
  signInForReference: 'Sign in to get a reference to quote.',
  subject: 'Seatpost: {{ref}}',
  body: 'Hello,\n\nMy reference is {{ref}}.\n\n',
};

export type SupportMessages = typeof supportEn;
