'use client';
// The segment console: build a segment (its size updates as you edit), save it,
// see its members and export them, compare saved segments, publish them.
import { useState } from 'react';
import type { SegmentTree } from '@/lib/contracts/segment';
import { DatasetGate } from '../DatasetGate';
import { useDataset } from '../DatasetProvider';
import { MembersTable } from '../_members/MembersTable';
import { buttonClass } from './fields';
import { emptySegment } from './conditions';
import { LiveCount } from './LiveCount';
import { ServerCount } from './ServerCount';
import { OverlapChart } from './OverlapChart';
import { SegmentComparisonView } from './SegmentComparisonView';
import { SavedSegmentList } from './SavedSegmentList';
import { SaveSegmentForm } from './SaveSegmentForm';
import { segmentsApi, type SavedSegment } from './saved-segments';
import { unusedSegmentName } from './segment-name';
import { SegmentBuilder } from './SegmentBuilder';
import { useDatasetVocabulary } from './useDatasetVocabulary';
import { useSavedSegmentsQuery } from './useSavedSegmentsQuery';
import { useSegmentStatsQuery } from './useSegmentStatsQuery';

type Group = { all: SegmentTree[] } | { any: SegmentTree[] };

/** A saved definition as the builder's root group (a bare condition or NOT is wrapped in "all"). */
const asGroup = (tree: SegmentTree): Group => ('all' in tree || 'any' in tree ? tree : { all: [tree] });

export function SegmentsPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Segments</h1>
        <p className="text-slate-600">
          Build a segment from behaviour, RFM, intent, engagement and technographics; its size is counted in this
          browser as you edit.
        </p>
      </div>
      <DatasetGate>{({ generation }) => <SegmentConsole generation={generation} />}</DatasetGate>
    </div>
  );
}

function SegmentConsole({ generation }: { generation: number }) {
  const { engine } = useDataset();
  const [tree, setTree] = useState<Group>(asGroup(emptySegment));
  const [open, setOpen] = useState<SavedSegment | null>(null);
  const [compared, setCompared] = useState<number[]>([]);
  const vocabulary = useDatasetVocabulary(engine, generation);
  const stats = useSegmentStatsQuery(engine, tree, generation, 'builder');
  const saved = useSavedSegmentsQuery();
  // In the order they were ticked: the first ticked is the baseline and the charts' first segment.
  const comparedSegments = compared.flatMap((id) =>
    saved.state.status === 'loaded' ? saved.state.data.filter((segment) => segment.id === id) : [],
  );
  const counted =
    stats.status === 'counted' && JSON.stringify(stats.tree) === JSON.stringify(tree) ? stats.stats : null;

  const after = async <T,>(work: Promise<T>) => {
    const result = await work;
    await saved.refresh();
    return result;
  };

  return (
    <div className="space-y-6">
      <section aria-labelledby="builder-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="builder-heading" className="text-lg font-semibold">
            {open ? `Editing “${open.name}” (v${open.version})` : 'New segment'}
          </h2>
          {open ? (
            <button
              type="button"
              className={buttonClass}
              onClick={() => {
                setOpen(null);
                setTree(asGroup(emptySegment));
              }}
            >
              New segment
            </button>
          ) : null}
        </div>
        <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
          <SegmentBuilder tree={tree} onChange={setTree} vocabulary={vocabulary} />
          <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
            <LiveCount state={stats} />
            <ServerCount tree={tree} />
            <SaveSegmentForm
              key={open?.id ?? 'new'}
              open={open}
              canSave={stats.status !== 'invalid'}
              onSaveNew={async (typed, description) => {
                // The list as it is now, not as this page last saw it.
                const name = unusedSegmentName(
                  typed,
                  (await segmentsApi.list()).map((segment) => segment.name),
                );
                const segment = await after(
                  segmentsApi.create({ name, description, definition: tree, stats: counted }),
                );
                setOpen(segment);
                return segment.name;
              }}
              onSaveVersion={async (segment, name, description) => {
                const updated = await after(
                  segmentsApi.update(segment.id, { name, description, definition: tree, stats: counted }),
                );
                setOpen(updated);
              }}
            />
          </div>
        </div>
      </section>
      {stats.status !== 'invalid' ? (
        <MembersTable
          engine={engine}
          tree={tree}
          generation={generation}
          title={open ? `Members of ${open.name}` : 'Members of the new segment'}
          fileName={open?.name ?? 'segment'}
        />
      ) : null}
      <section aria-labelledby="saved-heading" className="space-y-3">
        <h2 id="saved-heading" className="text-lg font-semibold">
          Saved segments
        </h2>
        <SavedSegmentList
          state={saved.state}
          openId={open?.id ?? null}
          compared={compared}
          onRetry={() => void saved.refresh()}
          onOpen={(segment) => {
            setOpen(segment);
            setTree(asGroup(segment.definition));
          }}
          onRename={async (segment, name) => {
            const updated = await after(segmentsApi.update(segment.id, { name }));
            if (open?.id === segment.id) setOpen(updated);
          }}
          onDuplicate={async (segment) => void (await after(segmentsApi.duplicate(segment.id)))}
          onDelete={async (segment) => {
            await after(segmentsApi.remove(segment.id));
            if (open?.id === segment.id) setOpen(null);
            setCompared((ids) => ids.filter((id) => id !== segment.id));
          }}
          onPublish={async (segment, published) => {
            const updated = await after(segmentsApi.publish(segment.id, published));
            if (open?.id === segment.id) setOpen(updated);
          }}
          onCompare={setCompared}
        />
      </section>
      {saved.state.status === 'loaded' ? (
        <>
          <SegmentComparisonView engine={engine} generation={generation} segments={comparedSegments} />
          {/* The first three ticked: a chart of more overlaps than that is unreadable. */}
          <OverlapChart engine={engine} generation={generation} segments={comparedSegments.slice(0, 3)} />
        </>
      ) : null}
    </div>
  );
}
