/** The checklist's lines, by id: the host-level checks, the VM requirements, then what only the guest can tell. */
import { REQUIREMENT_IDS } from '../rules/requirementIds';

export const DIAGNOSIS_IDS = [
  'host-elevated',
  'hyperv-present',
  'gpu-partitionable',
  ...REQUIREMENT_IDS,
  'guest-driver-package',
  'guest-device',
  'host-policy',
] as const;
export type DiagnosisId = (typeof DIAGNOSIS_IDS)[number];
