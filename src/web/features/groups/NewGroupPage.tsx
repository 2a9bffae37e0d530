import { useNavigate, useSearchParams } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { useCreateGroup } from './groups.api.ts';
import { GroupForm } from './GroupForm.tsx';
import './groups.css';

/** /groups/new (signed in): starts a group; its founder is its owner. ?city= names its city to start with. */
export function NewGroupPage() {
  return (
    <RequireAuth>
      <NewGroup />
    </RequireAuth>
  );
}

function NewGroup() {
  const t = useT();
  usePageTitle(t('groups.newTitle'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const create = useCreateGroup();
  return (
    <section className="page group-new" aria-labelledby="group-new-title">
      <h1 id="group-new-title" className="page__title">
        {t('groups.newTitle')}
      </h1>
      <p className="group-new__intro">{t('groups.newIntro')}</p>
      <GroupForm
        initialCity={params.get('city') ?? ''}
        submitLabel={t('groups.form.create')}
        busy={create.isPending}
        onSubmit={async ({ city, ...fields }) => {
          const group = await create.mutateAsync({ ...fields, ...(city ? { city } : {}) });
          await navigate(`/groups/${encodeURIComponent(group.id)}`);
        }}
      />
    </section>
  );
}
