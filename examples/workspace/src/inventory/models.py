from dataclasses import dataclass, field


@dataclass
class Item:
    """One stock-keeping unit."""

    sku: str
    name: str
    price_cents: int
    quantity: int = 0

    def total_value(self) -> int:
        return self.price_cents * self.quantity


@dataclass
class Inventory:
    """A collection of items, by SKU."""

    items: dict[str, Item] = field(default_factory=dict)

    def add(self, item: Item) -> None:
        self.items[item.sku] = item

    def get(self, sku: str) -> Item | None:
        return self.items.get(sku)

    def total_value(self) -> int:
        return sum(item.total_value() for item in self.items.values())
