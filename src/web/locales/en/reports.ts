// English: the report dialog.

export const reports = {
  title: {
    memory: 'Report this memory',
    comment: 'Report this comment',
    user: 'Report this dancer',
  },
  intro: 'Moderators will look at it. Nobody is told who reported it.',
  reason: 'Why?',
  reasons: {
    spam: 'Spam or advertising',
    harassment: 'Harassment or hate',
    inappropriate: 'Inappropriate content',
    impersonation: 'Pretending to be someone else',
    other: 'Something else',
  },
  details: 'What should a moderator know? (optional)',
  detailsHint: 'Up to {{max}} characters',
  submit: 'Send report',
  sending: 'Sending…',
  sent: 'Thank you. A moderator will look at it.',
  chooseReason: 'Choose a reason.',
};
