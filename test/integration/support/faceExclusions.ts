/**
 * The integration suite runs twice: on the simulated host, and on its real-module face (the real
 * GpuPv.psm1 in pwsh over the Hyper-V double, GPUPV_SIMULATED_FACE=module). A test the module face
 * cannot run is left out there only by one of these named rules, with its reason; the suite lists
 * each left-out test under its rule and counts them. A rule whose tests all pass on the module face
 * is to be dropped; a title that names no test fails the run.
 */

export interface FaceExclusion {
  readonly rule: string;
  readonly reason: string;
  /** Full titles (suite titles and its own, joined by spaces), exactly: a new test is never left out by accident. */
  readonly tests: readonly string[];
}

export const MODULE_FACE_EXCLUSIONS: readonly FaceExclusion[] = [
  {
    rule: "the guest's Device Manager",
    reason:
      "the panel reads the guest's display devices (Win32_PnPEntity over PowerShell Direct) and counts the guest's " +
      'sign-ins from it; the double has PowerShell Direct but no guest WMI, so the read fails on this face',
    tests: [
      'GPU-PV panel marks the driver line of a never-synced VM unknown with Sync Driver, runs it through ' +
        'the allow-list, then passes the line',
      'a refused password is not tried again by itself guest: with the panel open for several refresh ' +
        'intervals, one sign-in; after new credentials, one more',
    ],
  },
  {
    rule: 'simulated remote hosts and clusters',
    reason:
      'a simulated remote host plays the far end of Connect-GpuPvRemote; the real module connects for real ' +
      '(no WSMan client outside Windows), so the ssh stage runs Connect-GpuPvRemote over real SSH instead; ' +
      'Forget Host Credentials uses the remote host Add Host… adds',
    tests: [
      'a refused password is not tried again by itself remote host: a refused password is sent once, ' +
        'whatever refreshes and tests follow; new credentials are tried',
      'first run: demo hosts, invalid entries, settings.json on disk a settings.json edited on disk reaches ' +
        'the hosts without a reload, connection settings included',
      'remote hosts and clusters in the extension host (scripted answers) Add Failover Cluster… lists the ' +
        'cluster’s nodes under it, each a host that connects',
      'remote hosts and clusters in the extension host (scripted answers) Add Host… adds a simulated remote ' +
        'host from the palette; it connects and shows “connected”',
      'remote hosts and clusters in the extension host (scripted answers) Forget Host Credentials forgets ' +
        'what is stored; with nothing stored it says so and forgets nothing',
      'remote hosts and clusters in the extension host (scripted answers) Remove Host… asks first (modal), ' +
        'then removes the host and its entry; the others stay',
      'remote hosts and clusters in the extension host (scripted answers) Remove Host… on a cluster’s node ' +
        'removes the cluster, after Escape nothing changes',
      'remote hosts and clusters in the extension host (scripted answers) an account with an apostrophe ' +
        '(CONTOSO\\O’Brien) is accepted and signs in; refused as no Hyper-V administrator, the error gives the ' +
        'PowerShell that admits it, quoted',
      'remote hosts and clusters in the extension host (scripted answers) an unreachable host shows ' +
        '“connecting…”, then “failed” with its time, while the other hosts answer meanwhile',
      'remote hosts and clusters in the extension host (scripted answers) the demo remote host written into ' +
        'the settings (as npm run demo does) signs in with the demo account by itself',
      'remote hosts and clusters in the extension host (scripted answers) the error node’s fix, with the ' +
        'right password, connects again',
      'remote hosts and clusters in the extension host (scripted answers) wrong credentials: the host shows ' +
        '“failed”, its last error and a fix; the other host is still listed and answers',
    ],
  },
  {
    rule: "faults injected into the simulator's answers",
    reason: "faults.json is read by the simulator's operations; the double's cmdlets answer from the model without them",
    tests: [
      'GPU-PV commands in the extension host (scripted answers) a Saved VM, and no destructive answer as ' +
        'the default a shutdown that fails offers Try Again first; Turn Off is only the second answer',
    ],
  },
  {
    rule: "Windows' build from the registry",
    reason:
      'the module reads the build from HKLM (CurrentBuildNumber), which pwsh on Linux does not have: it reports the kernel build, ' +
      'and the double has no registry',
    tests: [
      'GPU-PV commands in the extension host (scripted answers) Assign GPU Partition on Windows 10: warns ' +
        'that the default GPU is used, naming it; no -InstancePath in the PowerShell',
    ],
  },
];

/** The rule that leaves `fullTitle` out on the module face, if one does. */
export function exclusionOf(fullTitle: string): FaceExclusion | undefined {
  return MODULE_FACE_EXCLUSIONS.find((exclusion) => exclusion.tests.includes(fullTitle));
}

/** The titles a rule names that no test has (renamed or removed): each is to be updated or dropped. */
export function staleExclusions(fullTitles: ReadonlySet<string>): string[] {
  return MODULE_FACE_EXCLUSIONS.flatMap((exclusion) =>
    exclusion.tests.filter((title) => !fullTitles.has(title)).map((title) => `"${exclusion.rule}" names no test titled: ${title}`),
  );
}
