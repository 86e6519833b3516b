import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { usePreparedStatements } from '@app/common';

@Module({})
export class DatabaseModule {
  /**
   * `embedded`: the database is the embedded one, whose connections share one session (no named
   * prepared statements there, see preparedQuery).
   */
  static forRoot(url: string, poolSize: number, embedded = false): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(url, poolSize), retryAttempts: 3 }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if (!embedded) usePreparedStatements(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
