import Link from 'next/link';
import { type Product, productCategories } from '@/lib/demo/catalog';

const price = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' });

export function ProductGrid({ items }: { items: readonly Product[] }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((item) => (
        <li key={item.id} className="rounded-lg border border-slate-200 p-4 hover:border-brand-500">
          <Link href={`/products/${item.id}`} className="block space-y-1">
            <span className="text-xs tracking-wide text-slate-500 uppercase">{productCategories[item.category]}</span>
            <span className="block font-medium">{item.name}</span>
            <span className="block text-sm text-slate-700">{price.format(item.price)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export const formatPrice = (value: number) => price.format(value);
