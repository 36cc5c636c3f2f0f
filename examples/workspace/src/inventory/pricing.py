from inventory.models import Inventory, Item


def discounted_price(item: Item, percent: int) -> int:
    discounted: int = item.price_cents * (1 - percent / 100)
    return discounted


def price_of(inventory: Inventory, sku: str) -> int:
    return inventory.get(sku).price_cents
