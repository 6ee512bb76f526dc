"""亩均论英雄 pages and API: a year's evaluation (distribution by class and by town, each town's
standing, the list with every explanation), its actions and its downloads."""
