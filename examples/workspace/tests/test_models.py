from inventory.models import Inventory, Item


def test_total_value():
    inventory = Inventory()
    inventory.add(Item("A1", "anvil", 1500, 2))
    assert inventory.total_value() == 3000


def test_missing_item_is_none():
    assert Inventory().get("nope") is None
