from inventory.models import Inventory, Item

__all__ = ["Inventory", "Item"]
