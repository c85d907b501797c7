/**
 * Words for the search bench's synthetic letters. Common English and clinical terms are listed
 * by hand; a few thousand invented words (built from syllables) stand in for the long tail of
 * a real letter vocabulary, so the index holds a realistic number of distinct terms and word
 * frequencies fall off as they do in real text (Zipf).
 */

export const COMMON_WORDS = `the of and to a in is was for that with on as be at by this had not are but from or have an
they which you were her she there been one all would their we him when who will more no if out so said what up its about
into than them can only other new some could time these two may then do first any my now such like our over man me even
most made after also did many before must through back years where much your way well down should because each just those
people how too little state good very make world still own see men work long get here between both life being under never
day same another know while last might us great old year off come since against go came right used take three patient
seen today review clinic further plan follow advised discussed given started continued stopped noted reported history
examination normal abnormal left right mild moderate severe recent previous current ongoing stable improved worse weeks
months days daily twice night morning evening please thank dear regards sincerely yours kind letter dictated typed copy
ward admission discharge appointment referral results report team consultant registrar nurse doctor general practitioner
family wife husband daughter son mother father lives alone independent mobility walking stairs pain symptoms signs`.split(/\s+/);

export const CLINICAL_TERMS = `penicillin amoxicillin co-amoxiclav flucloxacillin clarithromycin doxycycline trimethoprim
nitrofurantoin metformin gliclazide insulin sitagliptin empagliflozin atorvastatin simvastatin rosuvastatin ramipril
lisinopril amlodipine bisoprolol atenolol furosemide bumetanide spironolactone bendroflumethiazide warfarin apixaban
rivaroxaban edoxaban clopidogrel aspirin ticagrelor heparin enoxaparin omeprazole lansoprazole ranitidine paracetamol
ibuprofen naproxen codeine morphine oxycodone tramadol gabapentin pregabalin amitriptyline sertraline citalopram
fluoxetine mirtazapine venlafaxine diazepam lorazepam zopiclone levothyroxine carbimazole prednisolone hydrocortisone
dexamethasone salbutamol beclometasone tiotropium montelukast allopurinol colchicine methotrexate hydroxychloroquine
sulfasalazine adalimumab levetiracetam lamotrigine sodium valproate carbamazepine phenytoin donepezil memantine
levodopa tamsulosin finasteride oxybutynin mirabegron ferrous folic acid vitamin cholecalciferol alendronate denosumab
allergy anaphylaxis asthma copd pneumonia bronchiectasis emphysema fibrosis embolism thrombosis dvt hypertension
hypotension tachycardia bradycardia fibrillation flutter angina infarction stemi nstemi heart failure cardiomyopathy
valve stenosis regurgitation murmur diabetes hypoglycaemia hyperglycaemia ketoacidosis neuropathy retinopathy
nephropathy ckd aki dialysis proteinuria haematuria hyponatraemia hyperkalaemia anaemia thrombocytopenia neutropenia
sepsis cellulitis osteomyelitis abscess uti pyelonephritis gastroenteritis colitis crohns diverticulitis appendicitis
cholecystitis pancreatitis hepatitis cirrhosis varices reflux dyspepsia ulcer haematemesis melaena dysphagia
constipation diarrhoea vomiting nausea weight loss stroke tia epilepsy seizure migraine headache dementia delirium
parkinsons sclerosis neuropathy depression anxiety psychosis schizophrenia bipolar osteoarthritis rheumatoid gout
fracture osteoporosis lupus vasculitis psoriasis eczema melanoma carcinoma lymphoma leukaemia myeloma metastases
chemotherapy radiotherapy biopsy endoscopy colonoscopy gastroscopy bronchoscopy echocardiogram angiogram ecg ct mri
ultrasound xray spirometry haemoglobin creatinine egfr sodium potassium crp esr troponin bnp hba1c cholesterol tsh
ferritin albumin bilirubin alt inr platelets neutrophils lymphocytes glucose urea calcium magnesium phosphate
chest abdomen pelvis thorax lung liver kidney bladder bowel colon stomach oesophagus pancreas spleen heart brain spine
hip knee shoulder ankle wrist elbow skin breast prostate thyroid lymph node rash oedema swelling wheeze cough sputum
breathlessness palpitations syncope dizziness fatigue fever rigors jaundice itch urticaria angioedema`.split(/\s+/);

/** Pairs clinicians search as phrases, inserted into letters often enough that each hits. */
export const CLINICAL_PHRASES = [
  'penicillin allergy', 'chest pain', 'shortness of breath', 'heart failure', 'atrial fibrillation', 'blood pressure',
  'type 2 diabetes', 'urinary tract infection', 'chronic kidney disease', 'pulmonary embolism', 'deep vein thrombosis',
  'weight loss', 'abdominal pain', 'left ventricular function', 'no known drug allergies', 'fall at home', 'follow up in clinic',
];

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'br', 'cl', 'st', 'tr', 'pl', 'gr', 'sh', 'th'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'ie'];
const CODAS = ['', 'n', 'r', 'l', 's', 't', 'nd', 'st', 'ck', 'm', 'rt', 'ng'];

/** `count` distinct invented words of two or three syllables, in an order fixed by `random`. */
export function inventedWords(count: number, random: () => number): string[] {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const words = new Set<string>();
  while (words.size < count) {
    const syllables = 2 + Math.floor(random() * 2);
    let word = '';
    for (let n = 0; n < syllables; n++) word += pick(ONSETS) + pick(VOWELS) + (n === syllables - 1 ? pick(CODAS) : '');
    words.add(word);
  }
  return [...words];
}
