import { z } from 'zod';
import { BBoxSchema } from './sidecar-page.ts';

/**
 * What extraction read off the document (src/extract/extracted-fields.ts describes the same
 * shapes for the code, and fails to compile if the two part), as the sidecar carries it: each
 * value with the page and box it was read from and how sure the reading is.
 */

const FoundAtSchema = z
  .strictObject({ page: z.number().int().min(0), bbox: BBoxSchema })
  .meta({ id: 'FoundAt', description: 'Where a value was read: zero-based page index and the union box of its words.' });

function extractedValue<Value extends z.ZodType>(value: Value) {
  return z.strictObject({
    value: value.meta({ description: 'Normalised: NHS number as 10 digits, dates as YYYY-MM-DD, names as written.' }),
    raw: z.string().meta({ description: 'The text as OCR read it, before normalising or correcting.' }),
    confidence: z.number().meta({ description: '0–100: the lowest OCR confidence of its words, lowered when a rule is unsure.' }),
    foundAt: FoundAtSchema,
    corrected: z.boolean().optional().meta({ description: 'OCR look-alikes (O→0, l→1, S→5, B→8) were replaced to get a valid value.' }),
    label: z.string().optional().meta({ description: 'The label it was found after ("NHS No:", "DOB", …).' }),
    conflicts: z.array(value).optional().meta({ description: 'Other, different values the document gives for the same field.' }),
  });
}

export const OtherPersonSchema = z
  .enum([
  'mother',
  'father',
  'parent',
  'baby',
  'twin',
  'next-of-kin',
  'gp',
  'cc',
  'partner',
  'spouse',
  'husband',
  'wife',
  'son',
  'daughter',
  'carer',
  'guardian',
  'referrer',
  ])
  .meta({ id: 'OtherPerson', description: "Whose a value is, when the page labels it as someone else's." });

export const DocumentTypeKeySchema = z.enum([
  'clinic-letter',
  'discharge-summary',
  'referral-letter',
  'outpatient-letter',
  'operation-note',
  'radiology-report',
  'pathology-report',
  'consent-form',
  'drug-chart',
  'observation-chart',
  'gp-record',
  'other',
]);

export const PersonNameSchema = z.strictObject({
  given: z.array(z.string()),
  family: z.string(),
  text: z.string().meta({ description: 'As written on the page, e.g. "Mrs Jane A. SMITH".' }),
}).meta({ id: 'PersonName' });

const StringValueSchema = extractedValue(z.string()).meta({ id: 'ExtractedValue' });

export const OtherPersonValueSchema = StringValueSchema.extend({ who: OtherPersonSchema }).meta({
  id: 'OtherPersonValue',
  description: "A value the page labels as someone else's (the mother's NHS number): never the patient's.",
});

export const UnreadableNhsNumberSchema = StringValueSchema.extend({
  problem: z.enum(['fails-check', 'low-confidence', 'not-ten-digits', 'too-many-look-alikes']),
  who: OtherPersonSchema.optional(),
}).meta({ id: 'UnreadableNhsNumber', description: 'A labelled NHS number that could not be read reliably; value holds the digits as read.' });

export const DocumentTypeResultSchema = z.strictObject({
  key: DocumentTypeKeySchema,
  snomedCode: z.string().meta({ description: 'SNOMED CT concept id (src/extract/document-types.ts).' }),
  display: z.string(),
  confidence: z.number().meta({ description: '0–100: how clearly the evidence points to this type rather than the runner-up.' }),
  evidence: z.array(z.string()).meta({ description: 'The cues that decided it ("title: DISCHARGE SUMMARY", …).' }),
});

export const ExtractedFieldsSchema = z
  .strictObject({
    nhsNumbers: z.array(StringValueSchema).meta({ description: "Valid NHS numbers that may be the patient's, best evidence first." }),
    otherPersonsNhsNumbers: z.array(OtherPersonValueSchema).optional(),
    unreadableNhsNumbers: z.array(UnreadableNhsNumberSchema).optional(),
    mrns: z.array(StringValueSchema).meta({ description: "Hospital numbers matching the trust's pattern." }),
    patientName: extractedValue(PersonNameSchema).optional(),
    birthDate: StringValueSchema.optional(),
    otherPersonsBirthDates: z.array(OtherPersonValueSchema).optional(),
    documentDate: StringValueSchema.optional(),
    author: StringValueSchema.optional(),
    department: StringValueSchema.optional(),
    documentType: DocumentTypeResultSchema,
  })
  .meta({ id: 'ExtractedFields', description: 'What extraction read off the document (src/extract): the same fields the service files on.' });

export type SidecarFields = z.infer<typeof ExtractedFieldsSchema>;
