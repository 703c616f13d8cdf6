from migration_profiles.cli import main

raise SystemExit(main())
