// Invented trusts. Names, streets and postcode areas (NB, AW, KB, FX, HL) are made up;
// phone numbers are from Ofcom's ranges reserved for drama (01632 960xxx, 0113 496 0xxx,
// 020 7946 0xxx), so none of them reaches a real organisation.

import type { Trust } from './letter.ts';

const trust = (name: string, department: string, address: string, phone: string): Trust => ({
  name, department, address, phone,
});

export const NORTHBROOK = (department: string): Trust =>
  trust('Northbrook Hospitals NHS Foundation Trust', department,
    'Northbrook General Hospital, Mill Lane, Northbrook NB3 7QT', 'Tel: 01632 960412');

export const ASHCOMBE = (department: string): Trust =>
  trust('Ashcombe and Wealdmoor NHS Trust', department,
    'Wealdmoor District Hospital, Quarry Road, Ashcombe AW7 2HD', 'Tel: 01632 960587');

export const KESTREL = (department: string): Trust =>
  trust('Kestrel Bay University Hospitals NHS Trust', department,
    'Kestrel Bay Royal Infirmary, Harbour Street, Kestrel Bay KB1 9EN', 'Tel: 0113 496 0233');

// The apostrophe exercises XML escaping in the SVG renderer.
export const ST_ALDRICS = (department: string): Trust =>
  trust("St Aldric's Hospital NHS Foundation Trust", department,
    'Aldric Way, Fenchester FX4 6RP', 'Tel: 020 7946 0718');

export const HARROWFIELD = (department: string): Trust =>
  trust('Harrowfield and Linden Valley NHS Foundation Trust', department,
    'Linden Valley Hospital, Station Road, Harrowfield HL2 8WB', 'Tel: 01632 960944');
