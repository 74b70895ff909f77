/**
 * The integration suite runs twice: on the simulated host, and on its real-module face (the real
 * GpuPv.psm1 in pwsh over the Hyper-V double, GPUPV_SIMULATED_FACE=module). A test the module face
 * cannot run is left out there only by one of these named rules, with its reason; the suite lists
 * each left-out test under its rule and counts them. A rule whose tests all pass on the module face
 * is to be dropped.
 */

export interface FaceExclusion {
  readonly rule: string;
  readonly reason: string;
  /** Matched against a test's full title (suite titles and its own, joined by spaces). */
  readonly tests: readonly RegExp[];
}

export const MODULE_FACE_EXCLUSIONS: readonly FaceExclusion[] = [
  {
    rule: "the guest's Device Manager",
    reason:
      "the panel reads the guest's display devices (Win32_PnPEntity over PowerShell Direct) and counts the guest's " +
      'sign-ins from it; the double has PowerShell Direct but no guest WMI, so the read fails on this face',
    tests: [
      /^a refused password is not tried again by itself guest:/,
      /^GPU-PV panel marks the driver line of a never-synced VM unknown with Sync Driver/,
    ],
  },
  {
    rule: 'simulated remote hosts and clusters',
    reason:
      'a simulated remote host plays the far end of Connect-GpuPvRemote; the real module connects for real ' +
      '(no WSMan client outside Windows), so the ssh stage runs Connect-GpuPvRemote over real SSH instead; ' +
      'Forget Host Credentials uses the remote host Add Host… adds',
    tests: [
      /^remote hosts and clusters in the extension host .* (Add Host…|wrong credentials:|an unreachable host|the error node’s fix|an account with an apostrophe|Add Failover Cluster…|Forget Host Credentials|Remove Host…|the demo remote host)/,
      /^a refused password is not tried again by itself remote host:/,
      /^first run: .* a settings\.json edited on disk reaches the hosts without a reload, connection settings included/,
    ],
  },
  {
    rule: "faults injected into the simulator's answers",
    reason: "faults.json is read by the simulator's operations; the double's cmdlets answer from the model without them",
    tests: [/^GPU-PV commands .* a shutdown that fails offers Try Again first/],
  },
  {
    rule: "Windows' build from the registry",
    reason:
      'the module reads the build from HKLM (CurrentBuildNumber), which pwsh on Linux does not have: it reports the kernel build, ' +
      'and the double has no registry',
    tests: [/^GPU-PV commands .* on Windows 10: warns that the default GPU is used, naming it/],
  },
];

/** The rule that leaves `fullTitle` out on the module face, if one does. */
export function exclusionOf(fullTitle: string): FaceExclusion | undefined {
  return MODULE_FACE_EXCLUSIONS.find((exclusion) => exclusion.tests.some((pattern) => pattern.test(fullTitle)));
}
