/**
 * What our module's Get-DriverPackages answers for one host GPU: its Win32_PnPSignedDriver record,
 * the `Dependent` of each of its Win32_PnPSignedDriverCIMDataFile associations (as WMI prints them:
 * an object path `\\HOST\root\cimv2:CIM_DataFile.Name="c:\\windows\\..."`, a CIM reference's
 * ToString() `CIM_DataFile (Name = "c:\windows\...")` or the bare path), the kernel service's
 * Win32_SystemDriver record, and the measured size of each DriverStore package folder and loose
 * file that exists on the host. Parsed by src/core/drivers/discovery.ts.
 */
import { z } from 'zod/v4';
import { listOf, optionalString, uint64 } from './fields';

export const rawDriverRecord = z.object({
  DeviceID: z.string().min(1),
  DeviceName: optionalString.optional(),
  DriverVersion: optionalString.optional(),
  /** A CIM DateTime: "\/Date(ms)\/" (5.1), an ISO string (7) or a WMI datetime; kept as text. */
  DriverDate: z.unknown().optional(),
  DriverProviderName: optionalString.optional(),
  InfName: optionalString.optional(),
  Manufacturer: optionalString.optional(),
});

export const rawSystemDriver = z.object({
  Name: z.string().min(1),
  PathName: optionalString.optional(),
});

export const rawMeasuredFolder = z.object({
  Path: z.string().min(1),
  FileCount: uint64,
  TotalBytes: uint64,
});

export const rawMeasuredFile = z.object({
  Path: z.string().min(1),
  Length: uint64,
});

export const rawDriverPackages = z.object({
  Driver: rawDriverRecord,
  Service: rawSystemDriver.nullish(),
  Files: listOf(z.string()),
  Packages: listOf(rawMeasuredFolder),
  LooseFiles: listOf(rawMeasuredFile),
});
export type RawDriverPackages = z.output<typeof rawDriverPackages>;
