import * as assert from 'node:assert/strict';
import { osName } from '../../../src/core/osName';
import { scenario } from '../panel/helpers';

describe('the name of a host’s Windows', () => {
  it('says the edition once: the caption already names it', () => {
    for (const [osCaption, osEdition] of [
      ['Microsoft Windows 11 Pro', 'Professional'],
      ['Microsoft Windows 10 Pro', 'Professional'],
      ['Microsoft Windows Server 2025 Datacenter', 'ServerDatacenter'],
      ['Microsoft Windows Server 2022 Standard', 'ServerStandard'],
      ['Microsoft Windows Server 2022 Datacenter Evaluation', 'ServerDatacenterEval'],
      ['Microsoft Windows 11 Enterprise', 'Enterprise'],
      ['Microsoft Windows 11 Home', 'Core'],
      ['Microsoft Windows 11 Pro for Workstations', 'ProfessionalWorkstation'],
      ['Microsoft Windows 11 Enterprise multi-session', 'ServerRdsh'],
    ])
      assert.equal(osName({ osCaption: osCaption!, osEdition: osEdition! }), osCaption);
  });

  it('adds the edition in parentheses when the caption does not say it, and nothing when there is none', () => {
    assert.equal(osName({ osCaption: 'Microsoft Windows 11', osEdition: 'Education' }), 'Microsoft Windows 11 (Education)');
    assert.equal(osName({ osCaption: 'Microsoft Windows 11 Pro', osEdition: '' }), 'Microsoft Windows 11 Pro');
  });

  it('names every demo host as its caption', () => {
    for (const name of ['win11-workstation', 'win10-laptop', 'server2025-sriov'] as const) {
      const { facts } = scenario(name).inventory;
      assert.equal(osName(facts), facts.osCaption);
    }
  });
});
