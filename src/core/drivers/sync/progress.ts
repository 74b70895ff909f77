/** Progress of a sync as a user reads it: files and bytes done, the rate, the time left. */
import { formatBytes } from '../../format';
import { plural } from '../../format';

export type SyncPhase = 'reading' | 'recovering' | 'staging' | 'committing' | 'cleaning';

export interface SyncProgress {
  readonly phase: SyncPhase;
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: bigint;
  readonly bytesTotal: bigint;
}

/** Bytes per second over the run so far; null until there is something to divide. */
export function rate(bytesDone: bigint, elapsedMs: number): number | null {
  if (elapsedMs <= 0 || bytesDone === 0n) return null;
  return (Number(bytesDone) * 1000) / elapsedMs;
}

export function secondsLeft(progress: SyncProgress, bytesPerSecond: number | null): number | null {
  if (bytesPerSecond === null || bytesPerSecond <= 0) return null;
  return Math.max(0, Number(progress.bytesTotal - progress.bytesDone) / bytesPerSecond);
}

function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const PHASE_TEXT: Record<SyncPhase, string> = {
  reading: 'Reading the host driver and the guest store…',
  recovering: 'Undoing an interrupted earlier sync…',
  staging: 'Copying',
  committing: 'Putting the new packages in place…',
  cleaning: 'Cleaning up…',
};

/** One line for a progress notification. */
export function describeProgress(progress: SyncProgress, elapsedMs: number): string {
  if (progress.phase !== 'staging') return PHASE_TEXT[progress.phase];
  const perSecond = rate(progress.bytesDone, elapsedMs);
  const left = secondsLeft(progress, perSecond);
  const parts = [
    `${progress.filesDone} of ${plural(progress.filesTotal, 'file')}`,
    `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`,
  ];
  if (perSecond !== null) parts.push(`${formatBytes(BigInt(Math.round(perSecond)))}/s`);
  if (left !== null) parts.push(`${formatDuration(left)} left`);
  return `Copying: ${parts.join(' · ')}`;
}
