/** The event as buyers find it: its sales link, QR code, calendar file and picture, in English; en.ts takes them in. */
export const eventPageEn = {
  salesLink: {
    title: 'For buyers',
    organizer: 'Sold by {{name}}',
    link: 'Sales link',
    share: 'Share',
    explain: 'Buyers open this link on their phone to buy tickets. Share it, or print the QR code on a poster or flyer.',
    qrLabel: 'QR code of the sales link of {{name}}',
    calendar: 'Calendar file for buyers (.ics)',
    notYet: 'Publish the event to get the link where buyers buy their tickets.',
  },
  image: {
    title: 'Picture',
    none: 'No picture yet. Buyers see the event page without one.',
    alt: 'The picture of {{name}}',
    choose: 'Choose a picture',
    replace: 'Choose another picture',
    hint: 'PNG, JPEG or WebP, at most 2 MB. Wide pictures work best.',
    remove: 'Remove picture',
    wrongType: 'Choose a PNG, JPEG or WebP picture.',
    tooLarge: 'This picture is larger than 2 MB. Choose a smaller one.',
  },
};
