/**
 * A PowerShell that is not on this computer is this computer's problem, whatever host needed it:
 * the local host, a remote host and a cluster all start the local shell first, and when its
 * executable does not exist the error says so (with its own id), not that the host is unreachable.
 */
import * as assert from 'node:assert/strict';
import { launchFor, type HostConfig, type LaunchEnvironment } from '../../../src/host/hostConfig';
import { PowerShellSession } from '../../../src/host/session';
import { adviceFor, isThisComputersProblem, powershellInstallAdvice } from '../../../src/ui/errorAdvice';
import { REPO_ROOT } from '../../support/simulatedHost';

const CONFIGS: readonly HostConfig[] = [
  { kind: 'local', name: 'This computer' },
  { kind: 'remote', name: 'HV1', transport: 'winrm', address: '127.0.0.9' },
  { kind: 'cluster', name: 'Prod', clusterName: 'HV-CLUSTER', transport: 'winrm' },
];

function environment(executable: string, set: boolean): LaunchEnvironment {
  return {
    extensionPath: REPO_ROOT,
    storagePath: REPO_ROOT,
    powershellExecutable: executable,
    powershellExecutableSet: set,
    nodeExecutable: process.execPath,
  };
}

async function firstCall(config: HostConfig, env: LaunchEnvironment) {
  const session = new PowerShellSession(launchFor(config, env, undefined), { callTimeoutMs: 2_000, startTimeoutMs: 2_000 });
  try {
    return await session.call('Get-Date');
  } finally {
    await session.dispose();
  }
}

describe('a PowerShell missing on this computer', function () {
  this.timeout(20_000);

  for (const config of CONFIGS) {
    it(`${config.kind}: the default executable not found says PowerShell is not installed on this computer`, async () => {
      const result = await firstCall(config, environment('gpupv-test-no-such-pwsh', false));
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.id, 'powershell-missing');
      assert.match(result.error.message, /^PowerShell is not installed on this computer \(gpupv-test-no-such-pwsh was not found\)\.$/);
      assert.doesNotMatch(result.error.message, /127\.0\.0\.9|HV-CLUSTER|cannot be reached|WinRM/);
    });
  }

  it('a configured executable that does not exist is named as the setting’s value', async () => {
    const result = await firstCall(CONFIGS[1]!, environment('/opt/nowhere/pwsh', true));
    assert.equal(!result.ok && result.error.id, 'powershell-missing');
    assert.match(
      !result.ok ? result.error.message : '',
      /^The PowerShell set in “GPU-PV: PowerShell Executable”, \/opt\/nowhere\/pwsh, was not found on this computer\.$/,
    );
  });

  it('advises how to get PowerShell for this OS, with the setting as the fix, and counts as this computer’s problem', () => {
    const advice = adviceFor({ id: 'powershell-missing', message: '' });
    assert.equal(advice.action?.command, 'workbench.action.openSettings');
    assert.deepEqual(advice.action?.arguments, ['gpupv.powershell.executable']);
    assert.equal(advice.advice, powershellInstallAdvice(process.platform));
    assert.match(powershellInstallAdvice('win32'), /ships with Windows.*powershell\.exe.*winget install --id Microsoft\.PowerShell.*MSI/);
    assert.match(powershellInstallAdvice('linux'), /distribution’s packages.*dotnet tool install --global PowerShell/);
    assert.match(powershellInstallAdvice('darwin'), /brew install --cask powershell.*dotnet tool install --global PowerShell/);
    assert.equal(isThisComputersProblem({ id: 'powershell-missing', message: '' }), true);
    assert.equal(isThisComputersProblem({ id: 'remote-unreachable', message: '' }), false);
  });
});
