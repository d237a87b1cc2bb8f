import type { eventPageEn } from './event-page-en.ts';

/** The event as buyers find it: its sales link, QR code, calendar file and picture, in Dutch: the same keys as eventPageEn. */
export const eventPageNl: typeof eventPageEn = {
  salesLink: {
    title: 'Voor kopers',
    organizer: 'Verkocht door {{name}}',
    link: 'Verkooplink',
    share: 'Delen',
    explain: 'Kopers openen deze link op hun telefoon om tickets te kopen. Deel hem, of druk de QR-code af op een poster of flyer.',
    qrLabel: 'QR-code van de verkooplink van {{name}}',
    calendar: 'Agendabestand voor kopers (.ics)',
    notYet: 'Publiceer het evenement om de link te krijgen waar kopers hun tickets kopen.',
  },
  image: {
    title: 'Afbeelding',
    none: 'Nog geen afbeelding. Kopers zien de evenementpagina zonder.',
    alt: 'De afbeelding van {{name}}',
    choose: 'Kies een afbeelding',
    replace: 'Kies een andere afbeelding',
    hint: 'PNG, JPEG of WebP, hoogstens 2 MB. Brede afbeeldingen werken het best.',
    remove: 'Afbeelding verwijderen',
    wrongType: 'Kies een PNG-, JPEG- of WebP-afbeelding.',
    tooLarge: 'Deze afbeelding is groter dan 2 MB. Kies een kleinere.',
  },
};
