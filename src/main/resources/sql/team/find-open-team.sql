SELECT id FROM teams WHERE slug = :slug AND open_registration
