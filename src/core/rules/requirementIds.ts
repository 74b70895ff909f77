/** The VM settings GPU-PV needs, by id: the checklist's lines and the panel's settings rows. */
export const REQUIREMENT_IDS = [
  'generation',
  'adapter',
  'adapter-gpu-exists',
  'high-mmio',
  'low-mmio',
  'write-combining',
  'checkpoints',
  'stop-action',
  'static-memory',
] as const;
export type RequirementId = (typeof REQUIREMENT_IDS)[number];
