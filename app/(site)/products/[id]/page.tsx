import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { offerProducts, productCategories, products } from '@/lib/demo/catalog';
import { formatPrice } from '../../ProductGrid';
import { TrackOnView } from '../../tracking';

type Params = Promise<{ id: string }>;

const findProduct = (id: string) => [...products, ...offerProducts].find((item) => item.id === id);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: findProduct((await params).id)?.name ?? 'Product' };
}

export default async function ProductPage({ params }: { params: Params }) {
  const item = findProduct((await params).id);
  if (!item) notFound();
  return (
    <article className="max-w-2xl space-y-4">
      <p className="text-sm tracking-wide text-slate-500 uppercase">{productCategories[item.category]}</p>
      <h1 className="text-3xl font-semibold">{item.name}</h1>
      <p className="text-xl">{formatPrice(item.price)}</p>
      <TrackOnView
        event="Product Viewed"
        properties={{ product_id: item.id, name: item.name, category: item.category, price: item.price }}
      />
    </article>
  );
}
