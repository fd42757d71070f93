/**
 * The FAQ, question by question, as situations run on the model. Each scenario states the
 * FAQ's answer (`expected`), runs the situation on the embedded default world, and reports
 * what the model answered, with the rule ids and, for refusals, the violation codes.
 * `npm start` prints them; `test/faq.test.ts` asserts that every one agrees.
 */
import { demoWorld } from './demo-world.js';
import {
  type Result, type State, accept, addAccount, addIamUser, addProject, canUseImage, changeOs, createDataDisk,
  createImageFromServer, createServer, createWorld, deleteImage, exposure, getImage, getServer, imagesSharedWith,
  registerImage, reinstallOs, reject, replicate, replicateAcrossRegion, restoreDataDisk, share,
} from '../src/index.js';

/** What the model answered to one FAQ question. */
export interface Answer {
  /** The model's answer, in one or a few lines. */
  readonly lines: readonly string[];
  /** Whether the model's behaviour agrees with the FAQ's answer. */
  readonly agrees: boolean;
  /** Violation codes the model produced on the way (refusals the FAQ predicts). */
  readonly codes: readonly string[];
}

/** One FAQ question. */
export interface Scenario {
  readonly question: string;
  readonly faqAnswer: string;
  readonly rules: readonly string[];
  readonly run: () => Answer;
}

const P = (account: string, region = 'cn-north-4'): string => `${account}:${region}`;

/** A tiny driver that keeps the current state and records what happened. */
class Run {
  state: State = createWorld();
  readonly lines: string[] = [];
  readonly codes: string[] = [];
  agrees = true;

  /** Applies a command that must succeed. */
  do(what: string, r: Result): this {
    if (r.ok) {
      this.state = r.state;
      this.lines.push(`${what}: ok`);
    } else {
      this.agrees = false;
      this.lines.push(`${what}: UNEXPECTED ${r.error.code} (${r.error.rule}): ${r.error.message}`);
    }
    return this;
  }

  /** Runs a command that must be refused with `code`. */
  refuse(what: string, r: Result, code: string): this {
    if (r.ok) {
      this.agrees = false;
      this.lines.push(`${what}: UNEXPECTEDLY allowed`);
    } else {
      this.codes.push(r.error.code);
      if (r.error.code !== code) this.agrees = false;
      this.lines.push(`${what}: refused, ${r.error.code} (${r.error.rule}${r.error.imsCode === undefined ? '' : `, ${r.error.imsCode}`})`);
    }
    return this;
  }

  /** States a fact the model shows, which must hold. */
  check(what: string, holds: boolean): this {
    if (!holds) this.agrees = false;
    this.lines.push(`${what}${holds ? '' : ' - DISAGREES'}`);
    return this;
  }

  answer(): Answer {
    return { lines: this.lines, agrees: this.agrees, codes: this.codes };
  }
}

/** The demo world: Alice and Bob at the China site, Carol at the international site, Alice owning image `web` in cn-north-4. */
function base(extra: (r: Run) => void = () => undefined): Run {
  const r = new Run();
  r.state = demoWorld();
  extra(r);
  return r;
}

const tenants = (r: Run, n: number): string[] => {
  const ids = Array.from({ length: n }, (_, i) => `tenant${i}`);
  for (const id of ids) {
    const res = addAccount(r.state, { id, name: id, site: 'china' });
    if (res.ok) r.state = res.state;
  }
  return ids;
};

const acceptedByBob = (r: Run): Run =>
  r.do('alice shares web with Bob', share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'Bob' }] }))
    .do('bob accepts web', accept(r.state, { actor: 'bob', imageId: 'web' }));

/** Every question of the FAQ, in its order. */
export const SCENARIOS: readonly Scenario[] = [
  {
    question: 'How Many Tenants Can I Share an Image with at Most?',
    faqAnswer: 'A system disk image or data disk image can be shared with a maximum of 128 tenants, and a full-ECS image can be shared with a maximum of 10 tenants.',
    rules: ['S4'],
    run: () => {
      const r = base();
      const ids = tenants(r, 129);
      r.do('alice registers full-ECS image whole', registerImage(r.state, { actor: 'alice', id: 'whole', projectId: P('alice'), name: 'whole', kind: 'full-ecs' }));
      r.do('alice shares whole with 11 tenants (pending, no quota used yet)', share(r.state, { actor: 'alice', imageId: 'whole', targets: ids.slice(0, 11).map((account) => ({ account })) }));
      let accepted = 0;
      for (const id of ids.slice(0, 10)) {
        const res = accept(r.state, { actor: id, imageId: 'whole' });
        if (res.ok) {
          r.state = res.state;
          accepted++;
        }
      }
      r.check(`${accepted} tenants accept whole`, accepted === 10);
      r.refuse('the 11th tenant accepts whole', accept(r.state, { actor: 'tenant10', imageId: 'whole' }), 'share_limit_reached');
      r.do('alice shares system image web with 128 tenants', share(r.state, { actor: 'alice', imageId: 'web', targets: ids.slice(0, 128).map((account) => ({ account })) }));
      for (const id of ids.slice(0, 128)) {
        const res = accept(r.state, { actor: id, imageId: 'web' });
        if (res.ok) r.state = res.state;
      }
      r.refuse('alice shares web with a 129th tenant', share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'tenant128' }] }), 'share_limit_reached');
      return r.answer();
    },
  },
  {
    question: 'How Many Shared Images Can I Obtain at Most?',
    faqAnswer: 'There is no limit.',
    rules: ['S8'],
    run: () => {
      const r = base();
      const owners = tenants(r, 6);
      for (const owner of owners) {
        for (let i = 0; i < 50; i++) {
          const id = `${owner}-img${i}`;
          const steps = [
            registerImage(r.state, { actor: owner, id, projectId: P(owner), name: id, kind: 'data' }),
          ];
          if (steps[0]?.ok) r.state = steps[0].state;
          const s = share(r.state, { actor: owner, imageId: id, targets: [{ account: 'bob' }] });
          if (s.ok) r.state = s.state;
          const a = accept(r.state, { actor: 'bob', imageId: id });
          if (a.ok) r.state = a.state;
        }
      }
      const n = imagesSharedWith(r.state, 'bob', 'cn-north-4').length;
      return r.check(`bob obtained ${n} shared images from 6 accounts, with no refusal`, n === 300).answer();
    },
  },
  {
    question: 'Can I Share Images Between My Accounts of the China Site and International Site?',
    faqAnswer: 'Yes, but only in regions that are available at both sites: not in CN North-Beijing4 with an international account.',
    rules: ['S3', 'W1'],
    run: () => {
      const r = base();
      r.do('alice adds her international account alice-intl', addAccount(r.state, { id: 'alice-intl', name: 'Alice International', site: 'international' }));
      r.refuse('alice shares web (CN North-Beijing4) with alice-intl', share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'Alice International' }] }), 'region_not_available_at_site');
      r.do('alice registers hk in ap-southeast-1 (CN-Hong Kong, at both sites)', registerImage(r.state, { actor: 'alice', id: 'hk', projectId: P('alice', 'ap-southeast-1'), name: 'hk', kind: 'system' }));
      r.do('alice shares hk with alice-intl', share(r.state, { actor: 'alice', imageId: 'hk', targets: [{ account: 'Alice International' }] }));
      r.do('alice-intl accepts hk', accept(r.state, { actor: 'alice-intl', imageId: 'hk' }));
      return r.check('alice-intl can use hk', canUseImage(r.state, 'alice-intl', 'hk')).answer();
    },
  },
  {
    question: 'Do Shared Images Affect My Private Image Quota?',
    faqAnswer: 'No.',
    rules: ['W3'],
    run: () => {
      const r = new Run();
      r.state = createWorld(undefined, { privateImageQuota: 1 });
      r.do('add alice', addAccount(r.state, { id: 'alice', name: 'Alice', site: 'china' }))
        .do('add bob', addAccount(r.state, { id: 'bob', name: 'Bob', site: 'china' }))
        .do('alice registers web', registerImage(r.state, { actor: 'alice', id: 'web', projectId: P('alice'), name: 'web', kind: 'system' }))
        .do('bob registers his one private image (quota 1)', registerImage(r.state, { actor: 'bob', id: 'own', projectId: P('bob'), name: 'own', kind: 'system' }))
        .refuse('bob registers a second private image', registerImage(r.state, { actor: 'bob', id: 'own2', projectId: P('bob'), name: 'own2', kind: 'system' }), 'private_image_quota_exceeded');
      acceptedByBob(r);
      return r.check('bob, at his quota, still receives and uses the shared image', canUseImage(r.state, 'bob', 'web')).answer();
    },
  },
  {
    question: 'I Share an Image to an Account But the Account Does Not Accept or Reject the Image? Will My Image Sharing Quota Be Consumed?',
    faqAnswer: 'No.',
    rules: ['S4'],
    run: () => {
      const r = new Run();
      r.state = createWorld(undefined, { shareLimits: { system: 1 } });
      r.do('add alice', addAccount(r.state, { id: 'alice', name: 'Alice', site: 'china' }))
        .do('add bob', addAccount(r.state, { id: 'bob', name: 'Bob', site: 'china' }))
        .do('add dave', addAccount(r.state, { id: 'dave', name: 'Dave', site: 'china' }))
        .do('alice registers web (limit set to 1 tenant)', registerImage(r.state, { actor: 'alice', id: 'web', projectId: P('alice'), name: 'web', kind: 'system' }))
        .do('alice shares web with bob, who never answers', share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'bob' }] }))
        .do('alice shares web with dave too: the pending share consumed nothing', share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'dave' }] }))
        .do('dave accepts', accept(r.state, { actor: 'dave', imageId: 'web' }));
      return r.refuse('only now is the quota used: bob accepts', accept(r.state, { actor: 'bob', imageId: 'web' }), 'share_limit_reached').answer();
    },
  },
  {
    question: 'Where Can I View Images Shared with Me?',
    faqAnswer: 'In the region of the image, on Images Shared with Me; a red dot shows images not yet accepted; accepted images are listed.',
    rules: ['M4'],
    run: () => {
      const r = base();
      r.do('alice shares web with bob', share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'bob' }] }));
      const dot = imagesSharedWith(r.state, 'bob', 'cn-north-4', { status: 'pending' }).length;
      r.check(`bob's red dot in cn-north-4: ${dot}; listed: ${imagesSharedWith(r.state, 'bob', 'cn-north-4').length}`, dot === 1 && imagesSharedWith(r.state, 'bob', 'cn-north-4').length === 0);
      r.check('nothing shows in another region (cn-south-1)', imagesSharedWith(r.state, 'bob', 'cn-south-1', { status: 'all' }).length === 0);
      r.do('bob accepts', accept(r.state, { actor: 'bob', imageId: 'web' }));
      const listed = imagesSharedWith(r.state, 'bob', 'cn-north-4').map((i) => i.id);
      return r.check(`listed after accepting: ${listed.join(', ')}; red dot: ${imagesSharedWith(r.state, 'bob', 'cn-north-4', { status: 'pending' }).length}`, listed.join() === 'web').answer();
    },
  },
  {
    question: 'If I Want to Share a System Disk Image to Another Account, Should the Account Purchase an ECS in Advance?',
    faqAnswer: 'No. The account can use the shared image to apply for ECSs.',
    rules: ['E1'],
    run: () => {
      const r = acceptedByBob(base());
      r.check('bob has no server yet', getServer(r.state, 'vm') === undefined);
      return r.do('bob creates server vm from web', createServer(r.state, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'web' })).answer();
    },
  },
  {
    question: 'Is There Any Restriction on the Region When I Create ECSs Using a Shared Image?',
    faqAnswer: 'Yes. You can only create ECSs in the same region as the shared image.',
    rules: ['E1'],
    run: () => {
      const r = acceptedByBob(base());
      r.refuse('bob creates a server from web in cn-south-1', createServer(r.state, { actor: 'bob', id: 'vm', projectId: P('bob', 'cn-south-1'), az: 'cn-south-1a', imageId: 'web' }), 'region_mismatch');
      return r.do('bob creates it in cn-north-4, any AZ', createServer(r.state, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4c', imageId: 'web' })).answer();
    },
  },
  {
    question: 'Can I Share Accepted Shared Images with Other Tenants?',
    faqAnswer: 'Not directly. Replicate the shared image to a private image and share the private image.',
    rules: ['S2', 'R1'],
    run: () => {
      const r = acceptedByBob(base());
      r.do('add dave', addAccount(r.state, { id: 'dave', name: 'Dave', site: 'china' }));
      r.refuse('bob shares web with dave', share(r.state, { actor: 'bob', imageId: 'web', targets: [{ account: 'dave' }] }), 'reshare_not_allowed');
      r.do('bob replicates web to a private image', replicate(r.state, { actor: 'bob', imageId: 'web', projectId: P('bob'), newImageId: 'bob-copy' }));
      return r.do('bob shares his private copy with dave', share(r.state, { actor: 'bob', imageId: 'bob-copy', targets: [{ account: 'dave' }] })).answer();
    },
  },
  {
    question: 'Can I Use an Image I Have Shared with Others to Create an ECS?',
    faqAnswer: 'Yes. After sharing, you can still create an ECS from the image and use that ECS to create a private image.',
    rules: ['E1', 'E3'],
    run: () => {
      const r = acceptedByBob(base());
      r.do('alice creates server avm from web, which she shares', createServer(r.state, { actor: 'alice', id: 'avm', projectId: P('alice'), az: 'cn-north-4b', imageId: 'web' }));
      r.do('alice creates private image snap from avm', createImageFromServer(r.state, { actor: 'alice', serverId: 'avm', newImageId: 'snap', name: 'snap', kind: 'system' }));
      return r.check(`snap derives from ${getImage(r.state, 'snap')?.derivedFrom ?? '?'}`, getImage(r.state, 'snap')?.derivedFrom === 'web').answer();
    },
  },
  {
    question: 'What Are the Risks of Creating ECSs Using a Shared Image?',
    faqAnswer: 'The owner can stop sharing or delete the image at any time; after deletion you cannot reinstall the OS of ECSs created from it or create ECSs with it.',
    rules: ['D1', 'D2', 'E2'],
    run: () => {
      const r = acceptedByBob(base());
      r.do('bob creates server vm from web', createServer(r.state, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'web' }));
      r.do('bob reinstalls vm', reinstallOs(r.state, { actor: 'bob', serverId: 'vm' }));
      r.do('alice deletes web', deleteImage(r.state, { actor: 'alice', imageId: 'web' }));
      r.check('vm keeps running', getServer(r.state, 'vm') !== undefined);
      r.refuse('bob reinstalls vm', reinstallOs(r.state, { actor: 'bob', serverId: 'vm' }), 'image_not_usable');
      return r.refuse('bob creates another server from web', createServer(r.state, { actor: 'bob', id: 'vm2', projectId: P('bob'), az: 'cn-north-4a', imageId: 'web' }), 'not_found').answer();
    },
  },
  {
    question: 'What Are the Risks of Sharing Images with Other Tenants?',
    faqAnswer: 'Data may be disclosed: recipients create ECSs, make private images of them, and share those onward, in a wider range.',
    rules: ['X1'],
    run: () => {
      const r = acceptedByBob(base());
      r.do('add dave', addAccount(r.state, { id: 'dave', name: 'Dave', site: 'china' }))
        .do('bob creates server vm from web', createServer(r.state, { actor: 'bob', id: 'vm', projectId: P('bob'), az: 'cn-north-4a', imageId: 'web' }))
        .do('bob creates private image bob-img from vm', createImageFromServer(r.state, { actor: 'bob', serverId: 'vm', newImageId: 'bob-img', name: 'bob-img', kind: 'system' }))
        .do('bob shares bob-img with dave', share(r.state, { actor: 'bob', imageId: 'bob-img', targets: [{ account: 'dave' }] }));
      const entries = exposure(r.state, 'web');
      for (const e of entries) r.lines.push(`  exposed: ${e.accountId} (${e.access}, ${e.via}) via ${e.path.join(' -> ')}`);
      const dave = entries.find((e) => e.accountId === 'dave');
      return r.check('dave is exposed through web -> vm -> bob-img', dave?.path.join() === 'web,vm,bob-img').answer();
    },
  },
  {
    question: 'How Do I Share an Image with an IAM User?',
    faqAnswer: 'Add the account name of the IAM user; all IAM users under the account can receive the shared image.',
    rules: ['S3', 'M1'],
    run: () => {
      const r = base();
      r.do('bob adds IAM user bob-dev', addIamUser(r.state, { id: 'bob-dev', accountId: 'bob' }));
      r.do("alice shares web with the account name 'Bob'", share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'Bob' }] }));
      r.check('bob-dev sees web to be accepted', imagesSharedWith(r.state, 'bob-dev', 'cn-north-4', { status: 'pending' }).some((i) => i.id === 'web'));
      r.do('bob-dev accepts web', accept(r.state, { actor: 'bob-dev', imageId: 'web' }));
      return r.check('the account bob and all its IAM users can use web', canUseImage(r.state, 'bob', 'web') && canUseImage(r.state, 'bob-dev', 'web')).answer();
    },
  },
  {
    question: 'How Do I Replicate an Image Between Projects in a Region?',
    faqAnswer: 'Share the image with your own account name and select the target project; accept it in the target project.',
    rules: ['S3', 'R1', 'M3'],
    run: () => {
      const r = base();
      r.do('alice adds project alice-dev in cn-north-4', addProject(r.state, { actor: 'alice', id: 'alice-dev', regionId: 'cn-north-4', name: 'dev' }));
      r.refuse('alice replicates web straight into alice-dev', replicate(r.state, { actor: 'alice', imageId: 'web', projectId: 'alice-dev', newImageId: 'dev-web' }), 'image_not_usable');
      r.do("alice shares web with her own account name 'Alice', project alice-dev", share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'Alice', project: 'alice-dev' }] }));
      r.do('alice accepts it in alice-dev', accept(r.state, { actor: 'alice', imageId: 'web', projectId: 'alice-dev' }));
      r.do('alice replicates web into alice-dev', replicate(r.state, { actor: 'alice', imageId: 'web', projectId: 'alice-dev', newImageId: 'dev-web' }));
      return r.check('dev-web is a private image of alice-dev', getImage(r.state, 'dev-web')?.ownerProjectId === 'alice-dev').answer();
    },
  },
  {
    question: 'How Do I Share an Image Across Regions?',
    faqAnswer: 'Method 1: replicate to the destination region, then share. Method 2: share; the recipient accepts, replicates it as copy_image, and replicates copy_image to the destination region.',
    rules: ['R1', 'R2', 'S3'],
    run: () => {
      const r = base();
      r.do('method 1: alice replicates web from cn-north-4 to cn-south-1 as copy_image', replicateAcrossRegion(r.state, { actor: 'alice', imageId: 'web', targetRegionId: 'cn-south-1', newImageId: 'copy_image' }));
      r.do('alice shares copy_image with bob in cn-south-1', share(r.state, { actor: 'alice', imageId: 'copy_image', targets: [{ account: 'Bob' }] }));
      r.check(`the copy is named ${getImage(r.state, 'copy_image')?.name ?? '?'}`, getImage(r.state, 'copy_image')?.name === 'copy_web');
      acceptedByBob(r);
      r.refuse('method 2: bob replicates the shared web across regions directly', replicateAcrossRegion(r.state, { actor: 'bob', imageId: 'web', targetRegionId: 'cn-south-1', newImageId: 'x' }), 'private_image_required');
      r.do('bob replicates web as a private copy_image', replicate(r.state, { actor: 'bob', imageId: 'web', projectId: P('bob'), newImageId: 'bob-copy_image' }));
      r.do('bob replicates it from cn-north-4 to cn-south-1', replicateAcrossRegion(r.state, { actor: 'bob', imageId: 'bob-copy_image', targetRegionId: 'cn-south-1', newImageId: 'bob-gz' }));
      return r.check('bob can use the image in cn-south-1', canUseImage(r.state, 'bob', 'bob-gz')).answer();
    },
  },
  {
    question: 'Can I Specify a Region or an AZ for Sharing an Image?',
    faqAnswer: 'No. Only an account name: the image is shared in its own region, and can be used in any AZ of that region.',
    rules: ['S3', 'E1'],
    run: () => {
      const r = base();
      r.refuse('alice names bob\'s cn-south-1 project as the target', share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'bob', project: P('bob', 'cn-south-1') }] }), 'cross_region_target');
      acceptedByBob(r);
      for (const az of ['cn-north-4a', 'cn-north-4b', 'cn-north-4c']) r.do(`bob creates a server in ${az}`, createServer(r.state, { actor: 'bob', id: `vm-${az}`, projectId: P('bob'), az, imageId: 'web' }));
      return r.answer();
    },
  },
  {
    question: 'Can the Data of a Data Disk Image Shared by Another Account Be Restored to My Existing Data Disks?',
    faqAnswer: 'No. Apply for a new data disk to restore the data of a data disk image shared by another account.',
    rules: ['E5'],
    run: () => {
      const r = base();
      r.do('alice registers data image db', registerImage(r.state, { actor: 'alice', id: 'db', projectId: P('alice'), name: 'db', kind: 'data' }))
        .do('alice shares db with bob', share(r.state, { actor: 'alice', imageId: 'db', targets: [{ account: 'bob' }] }))
        .do('bob accepts db', accept(r.state, { actor: 'bob', imageId: 'db' }))
        .do('bob has an existing data disk', createDataDisk(r.state, { actor: 'bob', id: 'old', projectId: P('bob'), az: 'cn-north-4a' }))
        .refuse('bob restores db into his existing disk', restoreDataDisk(r.state, { actor: 'bob', diskId: 'old', imageId: 'db' }), 'existing_disk_restore_not_allowed');
      return r.do('bob applies for a new data disk from db', createDataDisk(r.state, { actor: 'bob', id: 'new', projectId: P('bob'), az: 'cn-north-4a', imageId: 'db' })).answer();
    },
  },
  {
    question: "Can I Use the ECS System Disk Image of an Account to Restore Another Account's HECS System Disk?",
    faqAnswer: 'Yes: share the image; the account accepts it, replicates it as a private image, and changes the HECS OS with that private image.',
    rules: ['E4', 'R1'],
    run: () => {
      const r = acceptedByBob(base());
      r.do('bob registers his own image and runs a HECS', registerImage(r.state, { actor: 'bob', id: 'bob-os', projectId: P('bob'), name: 'os', kind: 'system' }))
        .do('bob creates HECS lite', createServer(r.state, { actor: 'bob', id: 'lite', projectId: P('bob'), az: 'cn-north-4a', imageId: 'bob-os', flavor: 'hecs' }))
        .refuse('bob changes the HECS OS to the shared web', changeOs(r.state, { actor: 'bob', serverId: 'lite', imageId: 'web' }), 'private_image_required')
        .do('bob replicates web as a private image', replicate(r.state, { actor: 'bob', imageId: 'web', projectId: P('bob'), newImageId: 'bob-web' }))
        .do('bob changes the HECS OS to his private copy', changeOs(r.state, { actor: 'bob', serverId: 'lite', imageId: 'bob-web' }));
      return r.check('lite now runs bob-web', getServer(r.state, 'lite')?.imageId === 'bob-web').answer();
    },
  },
  {
    question: 'Can I Share My ECS and Its EIP with Another Account?',
    faqAnswer: 'You can share an ECS through full-ECS image sharing but cannot share the EIP.',
    rules: ['E3', 'S4'],
    run: () => {
      const r = base();
      r.do('alice runs server avm with EIP 203.0.113.7', createServer(r.state, { actor: 'alice', id: 'avm', projectId: P('alice'), az: 'cn-north-4a', imageId: 'web', eip: '203.0.113.7' }))
        .do('alice creates full-ECS image whole from avm', createImageFromServer(r.state, { actor: 'alice', serverId: 'avm', newImageId: 'whole', name: 'whole', kind: 'full-ecs' }))
        .do('alice shares whole with bob', share(r.state, { actor: 'alice', imageId: 'whole', targets: [{ account: 'bob' }] }))
        .do('bob accepts whole', accept(r.state, { actor: 'bob', imageId: 'whole' }))
        .do('bob creates server copy from whole', createServer(r.state, { actor: 'bob', id: 'copy', projectId: P('bob'), az: 'cn-north-4a', imageId: 'whole' }));
      return r.check(`bob's server has EIP: ${getServer(r.state, 'copy')?.eip ?? 'none'}`, getServer(r.state, 'copy')?.eip === undefined).answer();
    },
  },
  {
    question: 'How Can I Use a Rejected Image?',
    faqAnswer: 'Method 1: ask the owner to add you again. Method 2: accept the rejected image again.',
    rules: ['S6', 'M2'],
    run: () => {
      const r = base();
      r.do('alice shares web with bob', share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'bob' }] }))
        .do('bob rejects web', reject(r.state, { actor: 'bob', imageId: 'web' }));
      r.check('bob cannot use the rejected image', !canUseImage(r.state, 'bob', 'web'));
      const rejected = r.state;
      r.do('method 1: alice adds bob again (back to pending)', share(r.state, { actor: 'alice', imageId: 'web', targets: [{ account: 'bob' }] }))
        .do('bob accepts', accept(r.state, { actor: 'bob', imageId: 'web' }));
      r.check('bob can use web', canUseImage(r.state, 'bob', 'web'));
      r.state = rejected;
      r.do('method 2: bob accepts the rejected image again', accept(r.state, { actor: 'bob', imageId: 'web' }));
      return r.check('bob can use web', canUseImage(r.state, 'bob', 'web')).answer();
    },
  },
];
