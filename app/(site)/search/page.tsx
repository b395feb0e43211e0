import type { Metadata } from 'next';
import { products } from '@/lib/demo/catalog';
import { ProductGrid } from '../ProductGrid';
import { cutText } from '@/lib/contracts/text';

export const metadata: Metadata = { title: 'Search' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SearchPage({ searchParams }: { searchParams: Search }) {
  const { q } = await searchParams;
  const query = cutText((typeof q === 'string' ? q : '').trim(), 200);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found = products.filter((item) =>
    words.some((word) => `${item.name} ${item.category}`.toLowerCase().includes(word)),
  );
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{query ? `Results for “${query}”` : 'Search the store'}</h1>
      {query && found.length === 0 ? (
        <p className="text-slate-600">Nothing matches yet. Try “lisbon” or “games”.</p>
      ) : null}
      <ProductGrid items={found} />
    </div>
  );
}
