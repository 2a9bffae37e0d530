// English: the welcome page after signing up.

export const onboarding = {
  pageTitle: 'Welcome',
  title: 'Welcome, {{name}}',
  intro: 'Tell other dancers a little about you. Everything here is optional, and you can change it later.',
  aboutYou: 'About you',
  yourTango: 'Your tango',
  languagesTitle: 'Languages',
  save: 'Save and continue',
  skip: 'Skip for now',
  saved: 'Your profile is saved.',
};
