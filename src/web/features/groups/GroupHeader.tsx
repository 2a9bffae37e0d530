import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Group } from '../../../contract/groups.ts';
import { GROUP_MAX_MEMBERS } from '../../../contract/rules.ts';
import { formatCount } from '../../lib/format.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ChatIcon } from '../../ui/icons.tsx';
import { Menu } from '../../ui/Menu.tsx';
import { toast } from '../../ui/toast.tsx';
import { PinIcon, VisibilityIcon } from '../feed/feed-icons.tsx';
import { canEdit } from './group-roles.ts';
import { useDeleteGroup, useMembership, useUpdateGroup } from './groups.api.ts';
import { GroupForm } from './GroupForm.tsx';

/** The group's name, who may join, its city and size, what it is for, and where the viewer stands. */
export function GroupHeader({ group }: { group: Group }) {
  const t = useT();
  const role = group.viewer?.role ?? null;
  return (
    <header className="group-head">
      <h1 id="group-title" className="group-head__name">
        {group.name}
      </h1>
      <p className="group-head__meta">
        <span className="group-head__kind">
          <VisibilityIcon visibility={group.visibility === 'private' ? 'private' : 'public'} />
          {t(group.visibility === 'private' ? 'groups.privateGroup' : 'groups.publicGroup')}
        </span>
        <span>{t('groups.members', { count: group.memberCount, n: formatCount(group.memberCount) })}</span>
        {group.city && (
          <Link to={`/cities/${encodeURIComponent(group.city.slug)}`} className="group-head__city">
            <PinIcon />
            {group.city.name}
          </Link>
        )}
      </p>
      {group.description && <p className="group-head__about">{group.description}</p>}
      <div className="group-head__actions">
        <Membership group={group} />
        <GroupChat group={group} />
        {canEdit(role) && <ManageGroup group={group} />}
      </div>
    </header>
  );
}

function Membership({ group }: { group: Group }) {
  const t = useT();
  const { pathname } = useLocation();
  const membership = useMembership(group.id);
  const viewer = group.viewer;
  if (!viewer) {
    return (
      <Link to={`/login?next=${encodeURIComponent(pathname)}`} className="btn btn--primary btn--md">
        {t('groups.logInToJoin')}
      </Link>
    );
  }
  if (viewer.membership === 'banned') return <p className="group-head__note">{t('groups.banned')}</p>;
  if (viewer.role === 'owner') return <p className="group-head__note">{t('groups.youOwn')}</p>;
  const change = (join: boolean) => {
    if (membership.isPending) return;
    membership.mutate(join, { onError: (err) => toast(errorMessage(t, err), 'error') });
  };
  if (viewer.membership === 'member') {
    return (
      <Button busy={membership.isPending} onClick={() => change(false)}>
        {t('groups.leave')}
      </Button>
    );
  }
  if (viewer.membership === 'pending') {
    return (
      <>
        <p className="group-head__note">{t('groups.requested')}</p>
        <Button busy={membership.isPending} onClick={() => change(false)}>
          {t('groups.withdraw')}
        </Button>
      </>
    );
  }
  return (
    <Button variant="primary" busy={membership.isPending} onClick={() => change(true)}>
      {t(group.visibility === 'private' ? 'groups.askToJoin' : 'groups.join')}
    </Button>
  );
}

/** A member's way into the group's chat, or why there is none yet (it seats the first members only). */
function GroupChat({ group }: { group: Group }) {
  const t = useT();
  if (group.viewer?.membership !== 'member') return null;
  if (group.conversationId === null) {
    return <p className="group-head__note">{t('groups.chatFull', { n: formatCount(GROUP_MAX_MEMBERS) })}</p>;
  }
  return (
    <Link to={`/chat/${encodeURIComponent(group.conversationId)}`} className="btn btn--secondary btn--md">
      <ChatIcon />
      <span className="btn__label">{t('groups.chat')}</span>
    </Link>
  );
}

/** Owners and admins edit the group; the owner alone deletes it. */
function ManageGroup({ group }: { group: Group }) {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState<'edit' | 'delete' | null>(null);
  const update = useUpdateGroup(group.id);
  const remove = useDeleteGroup(group.id);
  const items = [{ label: t('groups.edit'), onSelect: () => setOpen('edit') }];
  if (group.viewer?.role === 'owner') {
    items.push({ label: t('groups.delete'), onSelect: () => setOpen('delete') });
  }
  return (
    <>
      <Menu label={t('groups.manage')} items={items} />
      <Dialog open={open === 'edit'} title={t('groups.editTitle')} onClose={() => setOpen(null)}>
        {open === 'edit' && (
          <GroupForm
            group={group}
            submitLabel={t('groups.form.save')}
            busy={update.isPending}
            onSubmit={async (fields) => {
              await update.mutateAsync(fields);
              setOpen(null);
              toast(t('groups.saved'));
            }}
          />
        )}
      </Dialog>
      <Dialog
        open={open === 'delete'}
        title={t('groups.deleteTitle', { name: group.name })}
        onClose={() => setOpen(null)}
        actions={
          <>
            <Button onClick={() => setOpen(null)}>{t('app.cancel')}</Button>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    toast(t('groups.deleted'));
                    void navigate('/groups', { replace: true });
                  },
                  onError: (err) => toast(errorMessage(t, err), 'error'),
                })
              }
            >
              {t('groups.delete')}
            </Button>
          </>
        }
      >
        <p>{t('groups.deleteBody')}</p>
      </Dialog>
    </>
  );
}
