/**
 * A host's Windows as people name it. Win32_OperatingSystem's Caption already names the edition
 * ("Microsoft Windows 11 Pro") while OperatingSystemSKU's edition id says it again in its own words
 * ("Professional"): written side by side they read "Windows 11 Pro Professional".
 */
import type { HostFacts } from './model';

/** Edition ids whose words differ from the caption's. */
const CAPTION_WORDS: Readonly<Record<string, string>> = {
  Professional: 'Pro',
  ProfessionalWorkstation: 'Pro for Workstations',
  Core: 'Home',
  CoreSingleLanguage: 'Home Single Language',
  ServerRdsh: 'Enterprise multi-session',
  EnterpriseS: 'Enterprise LTSC',
};

/** "ServerDatacenterEval" → ["datacenter", "evaluation"]: the words a caption would use. */
function editionWords(edition: string): string[] {
  const named = CAPTION_WORDS[edition] ?? edition.replace(/^Server(?=[A-Z])/, '').replace(/Eval$/, 'Evaluation');
  return named
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
}

/** The caption, and the edition in parentheses only when the caption does not already say it. */
export function osName(facts: Pick<HostFacts, 'osCaption' | 'osEdition'>): string {
  const caption = facts.osCaption.trim();
  const edition = facts.osEdition.trim();
  if (edition === '') return caption;
  const captionWords = new Set(caption.toLowerCase().split(/\s+/));
  return editionWords(edition).every((word) => captionWords.has(word)) ? caption : `${caption} (${edition})`;
}
