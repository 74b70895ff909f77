/**
 * What a sync needs from a host, one method per operation, bound to one VM and one target
 * (offline disk or online guest). src/host/driverSyncPort.ts implements it over the host client;
 * tests can wrap it to count or fail calls.
 */
import type { Result } from '../../errors';
import type { DriverSyncRecord, RawCopiedFile, RawDriverFileList, RawGuestDriverStore } from '../../normalize/driverSync';
import type { GuestFileStep } from './guestSteps';

export interface DriverSyncPort {
  fileList(folders: readonly string[], files: readonly string[]): Promise<Result<RawDriverFileList>>;
  open(looseFiles: readonly string[]): Promise<Result<RawGuestDriverStore>>;
  copy(
    files: readonly { readonly Source: string; readonly Destination: string }[],
    bytes: bigint,
  ): Promise<Result<readonly RawCopiedFile[]>>;
  run(steps: readonly GuestFileStep[]): Promise<Result<number>>;
  close(): Promise<Result<boolean>>;
  record(record: DriverSyncRecord): Promise<Result<null>>;
}
