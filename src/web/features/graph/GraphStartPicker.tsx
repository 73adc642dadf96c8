/** `/graph` without a record: find an incident, actor or indicator to start the graph from. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { PLURAL } from '../../api/graph';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { GRAPH_KINDS } from '../../../shared/contracts/graph';
import type { GraphKind } from '../../../shared/contracts/graph';

type Found = { id: string; title?: string; name?: string; value?: string };

export function GraphStartPicker() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<{ kind: GraphKind; q: string }>({ kind: 'incident', q: '' });
  const [search, setSearch] = useState<{ kind: GraphKind; q: string } | null>(null);
  const found = useQuery({
    queryKey: ['graph-start', search],
    enabled: search !== null,
    queryFn: () => {
      const params = new URLSearchParams({ limit: '20' });
      if (search?.q) params.set('q', search.q);
      return api<{ items: Found[] }>('GET', `/api/${PLURAL[search?.kind ?? 'incident']}?${params.toString()}`);
    },
  });
  return (
    <section className="graph-page">
      <h1>{t('graph.title')}</h1>
      <p>{t('graph.pickHelp')}</p>
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch({ kind: draft.kind, q: draft.q.trim() });
        }}
      >
        <label>
          {t('graph.startKind')}
          <select name="kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as GraphKind })}>
            {GRAPH_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`graph.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('graph.startSearch')}
          <input name="q" type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <button type="submit">{t('graph.find')}</button>
      </form>
      {found.error ? <ErrorMessage error={found.error} /> : null}
      {found.data &&
        (found.data.items.length === 0 ? (
          <p className="empty">{t('graph.nothingFound')}</p>
        ) : (
          <ul className="graph-pick">
            {found.data.items.map((item) => (
              <li key={item.id}>
                <AppLink to={`/graph?kind=${search?.kind}&id=${item.id}`}>
                  <bdi>{item.title ?? item.name ?? item.value}</bdi>
                </AppLink>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
