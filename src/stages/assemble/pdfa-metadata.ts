import { createHash } from 'node:crypto';
import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';
import { RectoError } from '../../core/errors.ts';

/**
 * What makes a pdf-lib document PDF/A-2b (ISO 19005-2, level B: reliable visual appearance):
 * XMP metadata that agrees with the Info dictionary, an sRGB output intent so device colours
 * have a defined meaning, and a trailer /ID. Fonts must be embedded too (see text-layer.ts).
 */

export interface ArchivalMetadata {
  title: string;
  created: Date;
  producer: string;
  creatorTool: string;
  /** Stable per document, so the trailer /ID of a re-run is the same. */
  documentId: string;
}

let srgbProfile: Promise<Buffer> | undefined;

/** The sRGB ICC profile libvips ships, read back from a tiny image, so we need no ICC file of our own. */
export function srgbIccProfile(): Promise<Buffer> {
  srgbProfile ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#ffffff' } })
    .withIccProfile('srgb')
    .jpeg()
    .toBuffer()
    .then(async (jpeg) => {
      const { icc } = await sharp(jpeg).metadata();
      // Every libvips build sharp ships has the profile: without it, the install is broken.
      if (!icc) throw new RectoError('INTERNAL', 'libvips did not embed its sRGB profile');
      return icc;
    });
  return srgbProfile;
}

export async function makeArchival(pdf: PDFDocument, metadata: ArchivalMetadata): Promise<void> {
  pdf.setTitle(metadata.title, { showInWindowTitleBar: true });
  pdf.setProducer(metadata.producer);
  pdf.setCreator(metadata.creatorTool);
  pdf.setCreationDate(metadata.created);
  pdf.setModificationDate(metadata.created);
  pdf.setLanguage('en-GB');

  const context = pdf.context;
  const xmp = context.stream(xmpPacket(metadata), { Type: 'Metadata', Subtype: 'XML' });
  pdf.catalog.set(PDFName.of('Metadata'), context.register(xmp));

  const profile = await srgbIccProfile();
  const profileStream = context.flateStream(profile, { N: 3 });
  const outputIntent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: context.register(profileStream),
  });
  pdf.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(outputIntent)]));

  const id = createHash('md5').update(metadata.documentId).digest('hex');
  context.trailerInfo.ID = PDFArray.withContext(context);
  (context.trailerInfo.ID as PDFArray).push(PDFHexString.of(id));
  (context.trailerInfo.ID as PDFArray).push(PDFHexString.of(id));
}

function xmpPacket(metadata: ArchivalMetadata): string {
  const iso = metadata.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(metadata.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>${iso}</xmp:CreateDate>
   <xmp:ModifyDate>${iso}</xmp:ModifyDate>
   <xmp:MetadataDate>${iso}</xmp:MetadataDate>
   <xmp:CreatorTool>${escapeXml(metadata.creatorTool)}</xmp:CreatorTool>
   <pdf:Producer>${escapeXml(metadata.producer)}</pdf:Producer>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
